package io.kinesisonkafka.adapter;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.engine.ConsumerRegistrations;
import io.kinesisonkafka.adapter.internals.engine.EngineWiring;
import io.kinesisonkafka.adapter.internals.engine.RecordReader;
import io.kinesisonkafka.adapter.internals.engine.RecordWriter;
import io.kinesisonkafka.adapter.internals.engine.Resharder;
import io.kinesisonkafka.adapter.internals.engine.ShardListing;
import io.kinesisonkafka.adapter.internals.engine.StreamAdmin;
import io.kinesisonkafka.adapter.internals.engine.Subscriptions;
import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.model.ConsumerDescription;
import io.kinesisonkafka.adapter.model.ConsumerRef;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.DescribeStreamRequest;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.Limits;
import io.kinesisonkafka.adapter.model.ListConsumersResult;
import io.kinesisonkafka.adapter.model.ListShardsRequest;
import io.kinesisonkafka.adapter.model.ListShardsResult;
import io.kinesisonkafka.adapter.model.ListStreamConsumersRequest;
import io.kinesisonkafka.adapter.model.ListStreamsRequest;
import io.kinesisonkafka.adapter.model.ListStreamsResult;
import io.kinesisonkafka.adapter.model.ListTagsForStreamRequest;
import io.kinesisonkafka.adapter.model.ListTagsResult;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.PutRecordsResult;
import io.kinesisonkafka.adapter.model.StartingPosition;
import io.kinesisonkafka.adapter.model.StreamDescription;
import io.kinesisonkafka.adapter.model.StreamDescriptionSummary;
import io.kinesisonkafka.adapter.model.StreamMode;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.UpdateShardCountResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Kinesis Data Streams, kept in Kafka: streams, shards, sequence numbers, iterators and resharding
 * with the semantics of the Kinesis API. Every operation is named after the Kinesis action it
 * implements and takes what that action's request carries (a request record where it has several
 * optional parts, such as {@link ListShardsRequest}).
 *
 * <p>All state lives in Kafka: the stream catalog in one topic, each stream's records in its own
 * topic (one partition per shard). Any number of engines may run against the same cluster; each
 * sees the streams the others create and serves any iterator the others issued.
 *
 * <p><b>Threads.</b> Thread-safe. Blocking methods block the caller, for at most the configured
 * {@linkplain EngineConfig#requestTimeout() request timeout} where they wait on Kafka; the {@code
 * Async} variants complete on a Kafka client thread, so keep what follows them short. The engine
 * runs its own threads: the catalog reader and two control threads that drive streams through their
 * states (creation, resharding, deletion), whichever instance took the request.
 *
 * <p><b>Errors.</b> Every operation fails with a {@link KinesisException} whose {@linkplain
 * KinesisException#code() code} is the error a Kinesis client expects: {@code
 * ResourceNotFoundException} for a stream, shard or consumer that does not exist, {@code
 * ResourceInUseException} for one in the wrong state, {@code InvalidArgumentException} or {@code
 * ValidationException} for a bad request, {@code LimitExceededException} and {@code
 * ProvisionedThroughputExceededException} (both retriable) when a limit is hit, {@code
 * InternalFailure} (retriable) when Kafka fails or does not answer in time.
 */
public final class KinesisEngine implements AutoCloseable {
  private final EngineConfig config;
  private final CatalogLog catalog;
  private final StreamAdmin admin;
  private final ShardListing listing;
  private final RecordWriter writer;
  private final RecordReader reader;
  private final Resharder resharder;
  private final ConsumerRegistrations consumers;
  private final Subscriptions subscriptions;
  private final AutoCloseable closer;

  private KinesisEngine(EngineConfig config, EngineWiring.Parts parts) {
    this.config = config;
    this.catalog = parts.catalog();
    this.admin = parts.admin();
    this.listing = parts.listing();
    this.writer = parts.writer();
    this.reader = parts.reader();
    this.resharder = parts.resharder();
    this.consumers = parts.consumers();
    this.subscriptions = parts.subscriptions();
    this.closer = parts.closer();
  }

  /**
   * Connects to Kafka, creates the catalog topic if this is the cluster's first engine, and returns
   * once the catalog is read to its end. Blocks the caller.
   *
   * @throws KinesisException if Kafka cannot be reached within the request timeout
   */
  public static KinesisEngine start(EngineConfig config) {
    return new KinesisEngine(config, EngineWiring.start(config));
  }

  /** The configuration the engine was started with. */
  public EngineConfig config() {
    return config;
  }

  /**
   * Whether this engine can serve: its catalog view was refreshed from Kafka within the last ten
   * seconds. Never blocks.
   */
  public boolean ready() {
    return System.nanoTime() - catalog.freshAsOfNanos() < 10_000_000_000L;
  }

  // Streams

  /**
   * CreateStream: records the stream in the catalog as CREATING and returns; the stream becomes
   * ACTIVE once its topic exists with a leader for every shard (any instance finishes that).
   *
   * @throws KinesisException ResourceInUseException if the stream (or a Kafka topic of its name)
   *     exists, LimitExceededException past the shard or creating-stream limits
   */
  public void createStream(CreateStreamRequest request) {
    admin.createStream(request);
  }

  /**
   * DeleteStream: marks the stream DELETING and returns; its topic is deleted afterwards.
   *
   * @param enforceConsumerDeletion when false, a stream with registered consumers is refused
   * @throws KinesisException ResourceInUseException while the stream is being created, or has
   *     consumers and {@code enforceConsumerDeletion} is false
   */
  public void deleteStream(StreamRef stream, boolean enforceConsumerDeletion) {
    admin.deleteStream(stream, enforceConsumerDeletion);
  }

  /** DescribeStream: the stream and a page of its shards. */
  public StreamDescription describeStream(DescribeStreamRequest request) {
    return admin.describeStream(request.stream(), request.limit(), request.exclusiveStartShardId());
  }

  /** DescribeStreamSummary: the stream without its shards. */
  public StreamDescriptionSummary describeStreamSummary(StreamRef stream) {
    return admin.describeStreamSummary(stream);
  }

  /** ListStreams: a page of stream names and summaries, in name order. */
  public ListStreamsResult listStreams(ListStreamsRequest request) {
    return admin.listStreams(
        request.limit(), request.exclusiveStartStreamName(), request.nextToken());
  }

  /**
   * ListShards: a page of a stream's shards, or the page a next token names.
   *
   * @throws KinesisException InvalidArgumentException when a next token comes with a stream, a
   *     start shard or a filter; ExpiredNextTokenException for a next token older than 5 minutes;
   *     ResourceInUseException while the stream is being created
   */
  public ListShardsResult listShards(ListShardsRequest request) {
    return listing.listShards(
        request.stream(),
        request.nextToken(),
        request.exclusiveStartShardId(),
        request.maxResults(),
        request.filter());
  }

  /**
   * AddTagsToStream: adds or replaces tags.
   *
   * @throws KinesisException InvalidArgumentException past 50 tags
   */
  public void addTagsToStream(StreamRef stream, Map<String, String> tags) {
    admin.addTags(stream, tags);
  }

  /** RemoveTagsFromStream: removes the tags with these keys; absent keys are ignored. */
  public void removeTagsFromStream(StreamRef stream, List<String> tagKeys) {
    admin.removeTags(stream, tagKeys);
  }

  /** ListTagsForStream: a page of the stream's tags, in key order. */
  public ListTagsResult listTagsForStream(ListTagsForStreamRequest request) {
    return admin.listTags(request.stream(), request.exclusiveStartTagKey(), request.limit());
  }

  /**
   * IncreaseStreamRetentionPeriod: sets the topic's {@code retention.ms}.
   *
   * @throws KinesisException InvalidArgumentException when {@code hours} is below the current
   *     period or outside 24..8760
   */
  public void increaseStreamRetentionPeriod(StreamRef stream, int hours) {
    admin.changeRetention(stream, hours, true);
  }

  /**
   * DecreaseStreamRetentionPeriod: sets the topic's {@code retention.ms}.
   *
   * @throws KinesisException InvalidArgumentException when {@code hours} is above the current
   *     period or outside 24..8760
   */
  public void decreaseStreamRetentionPeriod(StreamRef stream, int hours) {
    admin.changeRetention(stream, hours, false);
  }

  /** UpdateStreamMode: PROVISIONED or ON_DEMAND. */
  public void updateStreamMode(StreamRef stream, StreamMode mode) {
    admin.updateStreamMode(stream, mode);
  }

  /** UpdateMaxRecordSize: the largest record the stream takes, 1024 to 10240 KiB. */
  public void updateMaxRecordSize(StreamRef stream, int maxRecordSizeInKiB) {
    admin.updateMaxRecordSize(stream, maxRecordSizeInKiB);
  }

  /** EnableEnhancedMonitoring: returns [current metrics, desired metrics]. */
  public List<List<String>> enableEnhancedMonitoring(StreamRef stream, List<String> metrics) {
    return admin.enhancedMonitoring(stream, metrics, true);
  }

  /** DisableEnhancedMonitoring: returns [current metrics, desired metrics]. */
  public List<List<String>> disableEnhancedMonitoring(StreamRef stream, List<String> metrics) {
    return admin.enhancedMonitoring(stream, metrics, false);
  }

  /**
   * StartStreamEncryption: records the encryption setting and reports it; data in Kafka is as Kafka
   * stores it.
   */
  public void startStreamEncryption(StreamRef stream, String encryptionType, String keyId) {
    admin.setEncryption(stream, encryptionType, keyId);
  }

  /** StopStreamEncryption: records that the stream is not encrypted. */
  public void stopStreamEncryption(StreamRef stream) {
    admin.setEncryption(stream, "NONE", null);
  }

  /** DescribeLimits: the shard limit, open shards, and on-demand stream count and limit. */
  public Limits describeLimits() {
    return admin.describeLimits();
  }

  // Records

  /**
   * PutRecord, blocking until Kafka acknowledged the record (and, during a reshard, until it is
   * known to lie before its shard's end).
   *
   * @param sequenceNumberForOrdering checked for form only, may be null: Kafka orders a shard's
   *     records anyway
   * @throws KinesisException ProvisionedThroughputExceededException past the shard's write limit,
   *     InternalFailure when Kafka or a fresh catalog view is not there within the request timeout
   */
  public PutRecordResult putRecord(
      StreamRef stream, PutRecordsEntry record, String sequenceNumberForOrdering) {
    return join(putRecordAsync(stream, record, sequenceNumberForOrdering));
  }

  /**
   * PutRecord without blocking: the future completes on a Kafka client thread (or the catalog
   * reader's, for a record held during a reshard).
   *
   * @throws KinesisException at once for an invalid request; the rest fail the future
   */
  public CompletableFuture<PutRecordResult> putRecordAsync(
      StreamRef stream, PutRecordsEntry record, String sequenceNumberForOrdering) {
    return writer.putRecord(stream, record, sequenceNumberForOrdering);
  }

  /**
   * PutRecords, blocking until Kafka acknowledged every record; builds the answer on the calling
   * thread. A record that failed is an entry with its error code in the result, not an exception.
   *
   * @throws KinesisException for an invalid request (more than 500 records, over 10 MiB, ...)
   */
  public PutRecordsResult putRecords(StreamRef stream, List<PutRecordsEntry> records) {
    RecordWriter.PendingPuts pending = writer.putRecords(stream, records);
    join(pending.done());
    return pending.result();
  }

  /**
   * PutRecords without blocking. Invalid requests are thrown at once; per-record failures are in
   * the result, which is built on Kafka's I/O thread: prefer {@link #putRecordsAsync(StreamRef,
   * List, Executor)} under load.
   */
  public CompletableFuture<PutRecordsResult> putRecordsAsync(
      StreamRef stream, List<PutRecordsEntry> records) {
    RecordWriter.PendingPuts pending = writer.putRecords(stream, records);
    return pending.done().thenApply(v -> pending.result());
  }

  /** Like {@link #putRecordsAsync(StreamRef, List)}, building the result on {@code executor}. */
  public CompletableFuture<PutRecordsResult> putRecordsAsync(
      StreamRef stream, List<PutRecordsEntry> records, Executor executor) {
    RecordWriter.PendingPuts pending = writer.putRecords(stream, records);
    return pending.done().thenApplyAsync(v -> pending.result(), executor);
  }

  /**
   * GetShardIterator: an opaque, authenticated iterator any engine of the cluster serves, valid for
   * the configured {@linkplain EngineConfig#iteratorTtl() iterator TTL}.
   *
   * @throws KinesisException InvalidArgumentException for a sequence number of another shard or of
   *     an earlier incarnation of the stream, or a type without the position it needs;
   *     ProvisionedThroughputExceededException past the shard's read call limit
   */
  public String getShardIterator(GetShardIteratorRequest request) {
    return reader.getShardIterator(
        request.stream(),
        request.shardId(),
        request.type(),
        request.startingSequenceNumber(),
        request.timestamp());
  }

  /**
   * GetRecords: up to {@code limit} records (10,000 when null) from the iterator's position,
   * waiting up to the configured {@linkplain EngineConfig#getRecordsMaxWait() wait} when there are
   * none yet; the answer carries the next iterator (null once a closed shard is read to its end).
   *
   * @throws KinesisException ExpiredIteratorException for an iterator past its TTL,
   *     InvalidArgumentException for a forged or corrupted one,
   *     ProvisionedThroughputExceededException past the shard's read limits
   */
  public GetRecordsResult getRecords(String shardIterator, Integer limit) {
    return reader.getRecords(shardIterator, limit);
  }

  // Resharding

  /**
   * SplitShard: starts splitting the shard at {@code newStartingHashKey} and returns; the stream is
   * UPDATING until the parent's end is fixed after the freeze window.
   *
   * @throws KinesisException ResourceInUseException unless the stream is ACTIVE,
   *     InvalidArgumentException for a hash key outside the shard, LimitExceededException past the
   *     shard limit
   */
  public void splitShard(StreamRef stream, String shardToSplit, String newStartingHashKey) {
    resharder.splitShard(stream, shardToSplit, newStartingHashKey);
  }

  /**
   * MergeShards: starts merging two adjacent open shards and returns; the stream is UPDATING until
   * the parents' ends are fixed after the freeze window.
   *
   * @throws KinesisException ResourceInUseException unless the stream is ACTIVE,
   *     InvalidArgumentException when the shards are not adjacent
   */
  public void mergeShards(StreamRef stream, String shardToMerge, String adjacentShardToMerge) {
    resharder.mergeShards(stream, shardToMerge, adjacentShardToMerge);
  }

  /**
   * UpdateShardCount (UNIFORM_SCALING): starts the splits or merges that reach {@code
   * targetShardCount} and returns.
   *
   * @throws KinesisException LimitExceededException past the shard limit or the scalings per day,
   *     ValidationException for an on-demand stream
   */
  public UpdateShardCountResult updateShardCount(
      StreamRef stream, Integer targetShardCount, String scalingType) {
    return resharder.updateShardCount(stream, targetShardCount, scalingType);
  }

  // Enhanced fan-out consumers

  /**
   * RegisterStreamConsumer: registers the consumer as CREATING; it becomes ACTIVE shortly after.
   *
   * @throws KinesisException ResourceInUseException if the name is taken, LimitExceededException
   *     past 20 consumers
   */
  public ConsumerDescription registerStreamConsumer(String streamArn, String consumerName) {
    return consumers.register(streamArn, consumerName);
  }

  /**
   * DescribeStreamConsumer.
   *
   * @throws KinesisException InvalidArgumentException unless the consumer is named by stream ARN
   *     and name or by consumer ARN; ResourceNotFoundException if it does not exist
   */
  public ConsumerDescription describeStreamConsumer(ConsumerRef consumer) {
    return consumers.describe(
        consumer.streamArn(), consumer.consumerName(), consumer.consumerArn());
  }

  /** ListStreamConsumers: a page of the stream's registered consumers. */
  public ListConsumersResult listStreamConsumers(ListStreamConsumersRequest request) {
    return consumers.list(request.streamArn(), request.nextToken(), request.maxResults());
  }

  /**
   * DeregisterStreamConsumer: removes the consumer's registration.
   *
   * @throws KinesisException InvalidArgumentException unless the consumer is named by stream ARN
   *     and name or by consumer ARN; ResourceNotFoundException if it does not exist
   */
  public void deregisterStreamConsumer(ConsumerRef consumer) {
    consumers.deregister(consumer.streamArn(), consumer.consumerName(), consumer.consumerArn());
  }

  /**
   * SubscribeToShard: validates the consumer (ACTIVE), the shard and the starting position, then
   * returns the subscription the caller reads events from and closes. A newer subscription of the
   * same consumer and shard ends this one.
   *
   * @throws KinesisException ResourceInUseException unless the consumer is ACTIVE,
   *     ResourceNotFoundException for an unknown consumer or shard, InvalidArgumentException for a
   *     bad starting position
   */
  public ShardSubscription subscribeToShard(
      String consumerArn, String shardId, StartingPosition startingPosition) {
    return subscriptions.subscribe(consumerArn, shardId, startingPosition);
  }

  /**
   * Stops the engine's threads and closes its Kafka clients, waiting a few seconds for each. Open
   * subscriptions end. Streams are unaffected: other engines carry on any work this one started.
   */
  @Override
  public void close() {
    try {
      closer.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the engine failed", e);
    }
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
