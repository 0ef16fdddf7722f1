package io.kinesisonkafka.adapter;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.engine.Engine;
import io.kinesisonkafka.adapter.internals.engine.RecordWriter;
import io.kinesisonkafka.adapter.model.ConsumerDescription;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.Limits;
import io.kinesisonkafka.adapter.model.ListConsumersResult;
import io.kinesisonkafka.adapter.model.ListShardsResult;
import io.kinesisonkafka.adapter.model.ListStreamsResult;
import io.kinesisonkafka.adapter.model.ListTagsResult;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.PutRecordsResult;
import io.kinesisonkafka.adapter.model.ShardFilter;
import io.kinesisonkafka.adapter.model.ShardIteratorType;
import io.kinesisonkafka.adapter.model.StartingPosition;
import io.kinesisonkafka.adapter.model.StreamDescription;
import io.kinesisonkafka.adapter.model.StreamDescriptionSummary;
import io.kinesisonkafka.adapter.model.StreamMode;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.UpdateShardCountResult;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Kinesis Data Streams, kept in Kafka: streams, shards, sequence numbers, iterators and resharding
 * with the semantics of the Kinesis API. Every operation is named after the Kinesis action it
 * implements and fails with a {@link KinesisException} carrying the error a Kinesis client expects.
 *
 * <p>All state lives in Kafka: the stream catalog in one topic, each stream's records in its own
 * topic (one partition per shard). Any number of engines may run against the same cluster; each
 * sees the streams the others create and serves any iterator the others issued.
 *
 * <p>Thread-safe. Blocking methods block the caller; the {@code Async} variants complete on a Kafka
 * client thread, so keep what follows them short.
 */
public final class KinesisEngine implements AutoCloseable {
  private final Engine engine;

  private KinesisEngine(Engine engine) {
    this.engine = engine;
  }

  /**
   * Connects to Kafka, creates the catalog topic if this is the cluster's first engine, and returns
   * once the catalog is read to its end.
   */
  public static KinesisEngine start(EngineConfig config) {
    return new KinesisEngine(Engine.start(config));
  }

  public EngineConfig config() {
    return engine.config();
  }

  /** Whether this engine can serve: its catalog view was refreshed from Kafka recently. */
  public boolean ready() {
    return engine.ready();
  }

  // Streams

  public void createStream(CreateStreamRequest request) {
    engine.admin().createStream(request);
  }

  public void deleteStream(StreamRef stream, boolean enforceConsumerDeletion) {
    engine.admin().deleteStream(stream, enforceConsumerDeletion);
  }

  public StreamDescription describeStream(
      StreamRef stream, Integer limit, String exclusiveStartShardId) {
    return engine.admin().describeStream(stream, limit, exclusiveStartShardId);
  }

  public StreamDescriptionSummary describeStreamSummary(StreamRef stream) {
    return engine.admin().describeStreamSummary(stream);
  }

  public ListStreamsResult listStreams(
      Integer limit, String exclusiveStartStreamName, String nextToken) {
    return engine.admin().listStreams(limit, exclusiveStartStreamName, nextToken);
  }

  /**
   * ListShards: either {@code stream} (with optional start shard and filter) or {@code nextToken}
   * alone.
   */
  public ListShardsResult listShards(
      StreamRef stream,
      String nextToken,
      String exclusiveStartShardId,
      Integer maxResults,
      ShardFilter filter) {
    return engine
        .listing()
        .listShards(stream, nextToken, exclusiveStartShardId, maxResults, filter);
  }

  public void addTagsToStream(StreamRef stream, Map<String, String> tags) {
    engine.admin().addTags(stream, tags);
  }

  public void removeTagsFromStream(StreamRef stream, List<String> tagKeys) {
    engine.admin().removeTags(stream, tagKeys);
  }

  public ListTagsResult listTagsForStream(
      StreamRef stream, String exclusiveStartTagKey, Integer limit) {
    return engine.admin().listTags(stream, exclusiveStartTagKey, limit);
  }

  public void increaseStreamRetentionPeriod(StreamRef stream, int hours) {
    engine.admin().changeRetention(stream, hours, true);
  }

  public void decreaseStreamRetentionPeriod(StreamRef stream, int hours) {
    engine.admin().changeRetention(stream, hours, false);
  }

  public void updateStreamMode(StreamRef stream, StreamMode mode) {
    engine.admin().updateStreamMode(stream, mode);
  }

  public void updateMaxRecordSize(StreamRef stream, int maxRecordSizeInKiB) {
    engine.admin().updateMaxRecordSize(stream, maxRecordSizeInKiB);
  }

  /** Returns [current metrics, desired metrics]. */
  public List<List<String>> enableEnhancedMonitoring(StreamRef stream, List<String> metrics) {
    return engine.admin().enhancedMonitoring(stream, metrics, true);
  }

  /** Returns [current metrics, desired metrics]. */
  public List<List<String>> disableEnhancedMonitoring(StreamRef stream, List<String> metrics) {
    return engine.admin().enhancedMonitoring(stream, metrics, false);
  }

  /** Records the encryption setting and reports it; data in Kafka is as Kafka stores it. */
  public void startStreamEncryption(StreamRef stream, String encryptionType, String keyId) {
    engine.admin().setEncryption(stream, encryptionType, keyId);
  }

  public void stopStreamEncryption(StreamRef stream) {
    engine.admin().setEncryption(stream, "NONE", null);
  }

  public Limits describeLimits() {
    return engine.admin().describeLimits();
  }

  // Records

  public PutRecordResult putRecord(
      StreamRef stream, PutRecordsEntry record, String sequenceNumberForOrdering) {
    return join(putRecordAsync(stream, record, sequenceNumberForOrdering));
  }

  /** ModelConstraints errors are thrown at once; the rest fail the future. */
  public CompletableFuture<PutRecordResult> putRecordAsync(
      StreamRef stream, PutRecordsEntry record, String sequenceNumberForOrdering) {
    return engine.writer().putRecord(stream, record, sequenceNumberForOrdering);
  }

  /** Builds the answer on the calling thread once Kafka acknowledged every record. */
  public PutRecordsResult putRecords(StreamRef stream, List<PutRecordsEntry> records) {
    RecordWriter.PendingPuts pending = engine.writer().putRecords(stream, records);
    join(pending.done());
    return pending.result();
  }

  /**
   * ModelConstraints errors are thrown at once; per-record failures are in the result, which is
   * built on Kafka's I/O thread: prefer {@link #putRecordsAsync(StreamRef, List, Executor)} under
   * load.
   */
  public CompletableFuture<PutRecordsResult> putRecordsAsync(
      StreamRef stream, List<PutRecordsEntry> records) {
    RecordWriter.PendingPuts pending = engine.writer().putRecords(stream, records);
    return pending.done().thenApply(v -> pending.result());
  }

  /** Like {@link #putRecordsAsync(StreamRef, List)}, building the result on {@code executor}. */
  public CompletableFuture<PutRecordsResult> putRecordsAsync(
      StreamRef stream, List<PutRecordsEntry> records, Executor executor) {
    RecordWriter.PendingPuts pending = engine.writer().putRecords(stream, records);
    return pending.done().thenApplyAsync(v -> pending.result(), executor);
  }

  public String getShardIterator(
      StreamRef stream,
      String shardId,
      ShardIteratorType type,
      String startingSequenceNumber,
      Instant timestamp) {
    return engine
        .reader()
        .getShardIterator(stream, shardId, type, startingSequenceNumber, timestamp);
  }

  public GetRecordsResult getRecords(String shardIterator, Integer limit) {
    return engine.reader().getRecords(shardIterator, limit);
  }

  // Resharding

  public void splitShard(StreamRef stream, String shardToSplit, String newStartingHashKey) {
    engine.resharder().splitShard(stream, shardToSplit, newStartingHashKey);
  }

  public void mergeShards(StreamRef stream, String shardToMerge, String adjacentShardToMerge) {
    engine.resharder().mergeShards(stream, shardToMerge, adjacentShardToMerge);
  }

  public UpdateShardCountResult updateShardCount(
      StreamRef stream, Integer targetShardCount, String scalingType) {
    return engine.resharder().updateShardCount(stream, targetShardCount, scalingType);
  }

  // Enhanced fan-out consumers

  public ConsumerDescription registerStreamConsumer(String streamArn, String consumerName) {
    return engine.consumers().register(streamArn, consumerName);
  }

  /** By stream ARN and consumer name, or by consumer ARN. */
  public ConsumerDescription describeStreamConsumer(
      String streamArn, String consumerName, String consumerArn) {
    return engine.consumers().describe(streamArn, consumerName, consumerArn);
  }

  public ListConsumersResult listStreamConsumers(
      String streamArn, String nextToken, Integer maxResults) {
    return engine.consumers().list(streamArn, nextToken, maxResults);
  }

  /** By stream ARN and consumer name, or by consumer ARN. */
  public void deregisterStreamConsumer(String streamArn, String consumerName, String consumerArn) {
    engine.consumers().deregister(streamArn, consumerName, consumerArn);
  }

  /**
   * SubscribeToShard: validates the consumer (ACTIVE), the shard and the starting position, then
   * returns the subscription the caller reads events from and closes.
   */
  public ShardSubscription subscribeToShard(
      String consumerArn, String shardId, StartingPosition startingPosition) {
    return engine.subscriptions().subscribe(consumerArn, shardId, startingPosition);
  }

  @Override
  public void close() {
    engine.close();
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof KinesisException k) {
        throw new KinesisException(k.code(), k.getMessage(), k);
      }
      throw new KinesisException(
          KinesisErrorCode.INTERNAL_FAILURE, String.valueOf(e.getCause()), e);
    }
  }
}
