package io.kinesisonkafka.adapter;

import io.kinesisonkafka.adapter.catalog.Health;
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
  private final java.util.function.Supplier<Health> health;
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
    this.health = parts.health();
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
   * @param config the configuration, which the engine keeps
   * @return the running engine; close it when done
   * @throws KinesisException if Kafka cannot be reached within the request timeout
   */
  public static KinesisEngine start(EngineConfig config) {
    return new KinesisEngine(config, EngineWiring.start(config));
  }

  /**
   * The configuration the engine was started with.
   *
   * @return the configuration given to {@link #start}
   */
  public EngineConfig config() {
    return config;
  }

  /**
   * Whether this engine can serve: {@link #health()} is {@linkplain Health#isServing() serving}.
   * Never blocks.
   *
   * @return true while the engine reaches Kafka and its catalog view is current
   */
  public boolean ready() {
    return health().isServing();
  }

  /**
   * How the engine is doing: serving; waiting for Kafka (unreachable, or the catalog view more than
   * five seconds old), when requests fail within the request timeout with a retriable
   * InternalFailure and the engine resumes by itself once Kafka is back; or failed, when one of its
   * threads stopped for good and only a restart helps. Never blocks.
   *
   * @return the worst health of the engine's parts, with what is wrong in its detail
   */
  public Health health() {
    return health.get();
  }

  // Streams

  /**
   * CreateStream: records the stream in the catalog as CREATING and returns; the stream becomes
   * ACTIVE once its topic exists with a leader for every shard (any instance finishes that).
   *
   * @param request the stream's name, shard count or on-demand mode, and optional settings
   * @throws KinesisException ResourceInUseException if the stream (or a Kafka topic of its name)
   *     exists, LimitExceededException past the shard or creating-stream limits
   */
  public void createStream(CreateStreamRequest request) {
    admin.createStream(request);
  }

  /**
   * DeleteStream: marks the stream DELETING and returns; its topic is deleted afterwards.
   *
   * @param stream the stream, by name or ARN
   * @param enforceConsumerDeletion when false, a stream with registered consumers is refused
   * @throws KinesisException ResourceInUseException while the stream is being created, or has
   *     consumers and {@code enforceConsumerDeletion} is false
   */
  public void deleteStream(StreamRef stream, boolean enforceConsumerDeletion) {
    admin.deleteStream(stream, enforceConsumerDeletion);
  }

  /**
   * DescribeStream: the stream and a page of its shards.
   *
   * @param request the stream and which page of its shards
   * @return the stream's description, with the page's shards and whether more follow
   */
  public StreamDescription describeStream(DescribeStreamRequest request) {
    return admin.describeStream(request.stream(), request.limit(), request.exclusiveStartShardId());
  }

  /**
   * DescribeStreamSummary: the stream without its shards.
   *
   * @param stream the stream, by name or ARN
   * @return the stream's status, mode, retention, open shard and consumer counts, ...
   */
  public StreamDescriptionSummary describeStreamSummary(StreamRef stream) {
    return admin.describeStreamSummary(stream);
  }

  /**
   * ListStreams: a page of stream names and summaries, in name order.
   *
   * @param request the page: first, after a name, or by an earlier answer's next token
   * @return the page's names and summaries, and the next token while more follow
   */
  public ListStreamsResult listStreams(ListStreamsRequest request) {
    return admin.listStreams(
        request.limit(), request.exclusiveStartStreamName(), request.nextToken());
  }

  /**
   * ListShards: a page of a stream's shards, or the page a next token names.
   *
   * @param request the stream with an optional start shard, page size and filter, or a next token
   * @return the page's shards, and the next token while more follow
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
   * @param stream the stream, by name or ARN
   * @param tags 1 to 50 tags, key to value
   * @throws KinesisException InvalidArgumentException past 50 tags
   */
  public void addTagsToStream(StreamRef stream, Map<String, String> tags) {
    admin.addTags(stream, tags);
  }

  /**
   * RemoveTagsFromStream: removes the tags with these keys; absent keys are ignored.
   *
   * @param stream the stream, by name or ARN
   * @param tagKeys 1 to 50 keys
   */
  public void removeTagsFromStream(StreamRef stream, List<String> tagKeys) {
    admin.removeTags(stream, tagKeys);
  }

  /**
   * ListTagsForStream: a page of the stream's tags, in key order.
   *
   * @param request the stream, and the page's start key and size
   * @return the page's tags, and whether more follow
   */
  public ListTagsResult listTagsForStream(ListTagsForStreamRequest request) {
    return admin.listTags(request.stream(), request.exclusiveStartTagKey(), request.limit());
  }

  /**
   * IncreaseStreamRetentionPeriod: sets the topic's {@code retention.ms}.
   *
   * @param stream the stream, by name or ARN
   * @param hours the new retention period, in hours
   * @throws KinesisException InvalidArgumentException when {@code hours} is below the current
   *     period or outside 24..8760
   */
  public void increaseStreamRetentionPeriod(StreamRef stream, int hours) {
    admin.changeRetention(stream, hours, true);
  }

  /**
   * DecreaseStreamRetentionPeriod: sets the topic's {@code retention.ms}.
   *
   * @param stream the stream, by name or ARN
   * @param hours the new retention period, in hours
   * @throws KinesisException InvalidArgumentException when {@code hours} is above the current
   *     period or outside 24..8760
   */
  public void decreaseStreamRetentionPeriod(StreamRef stream, int hours) {
    admin.changeRetention(stream, hours, false);
  }

  /**
   * UpdateStreamMode: PROVISIONED or ON_DEMAND.
   *
   * @param stream the stream, by name or ARN
   * @param mode the new mode; not null
   */
  public void updateStreamMode(StreamRef stream, StreamMode mode) {
    admin.updateStreamMode(stream, mode);
  }

  /**
   * UpdateMaxRecordSize: the largest record the stream takes, 1024 to 10240 KiB.
   *
   * @param stream the stream, by name or ARN
   * @param maxRecordSizeInKiB the new largest record (data plus partition key), in KiB
   */
  public void updateMaxRecordSize(StreamRef stream, int maxRecordSizeInKiB) {
    admin.updateMaxRecordSize(stream, maxRecordSizeInKiB);
  }

  /**
   * EnableEnhancedMonitoring: records shard-level metrics as enabled; the engine publishes none.
   *
   * @param stream the stream, by name or ARN
   * @param metrics 1 to 7 shard-level metric names, or {@code ALL}
   * @return [current metrics, desired metrics]: those enabled before and after the call
   */
  public List<List<String>> enableEnhancedMonitoring(StreamRef stream, List<String> metrics) {
    return admin.enhancedMonitoring(stream, metrics, true);
  }

  /**
   * DisableEnhancedMonitoring: records shard-level metrics as disabled.
   *
   * @param stream the stream, by name or ARN
   * @param metrics 1 to 7 shard-level metric names, or {@code ALL}
   * @return [current metrics, desired metrics]: those enabled before and after the call
   */
  public List<List<String>> disableEnhancedMonitoring(StreamRef stream, List<String> metrics) {
    return admin.enhancedMonitoring(stream, metrics, false);
  }

  /**
   * StartStreamEncryption: records the encryption setting and reports it; data in Kafka is as Kafka
   * stores it.
   *
   * @param stream the stream, by name or ARN
   * @param encryptionType the type to report, {@code KMS}; not checked
   * @param keyId the KMS key to report; not checked
   */
  public void startStreamEncryption(StreamRef stream, String encryptionType, String keyId) {
    admin.setEncryption(stream, encryptionType, keyId);
  }

  /**
   * StopStreamEncryption: records that the stream is not encrypted.
   *
   * @param stream the stream, by name or ARN
   */
  public void stopStreamEncryption(StreamRef stream) {
    admin.setEncryption(stream, "NONE", null);
  }

  /**
   * DescribeLimits: the shard limit, open shards, and on-demand stream count and limit.
   *
   * @return the limits of the configuration and the counts of the current catalog view
   */
  public Limits describeLimits() {
    return admin.describeLimits();
  }

  // Records

  /**
   * PutRecord, blocking until Kafka acknowledged the record (and, during a reshard, until it is
   * known to lie before its shard's end).
   *
   * @param stream the stream, by name or ARN
   * @param record the data, partition key and optional explicit hash key
   * @param sequenceNumberForOrdering checked for form only, may be null: Kafka orders a shard's
   *     records anyway
   * @return the shard and sequence number the record got
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
   * @param stream the stream, by name or ARN
   * @param record the data, partition key and optional explicit hash key
   * @param sequenceNumberForOrdering checked for form only, may be null
   * @return completes with the shard and sequence number, or fails with a {@link KinesisException}
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
   * @param stream the stream, by name or ARN
   * @param records 1 to 500 records, in the order their results are listed
   * @return one result entry per record, in order, and the count of failed ones
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
   *
   * @param stream the stream, by name or ARN
   * @param records 1 to 500 records, in the order their results are listed
   * @return completes with one result entry per record, in order
   * @throws KinesisException for an invalid request
   */
  public CompletableFuture<PutRecordsResult> putRecordsAsync(
      StreamRef stream, List<PutRecordsEntry> records) {
    RecordWriter.PendingPuts pending = writer.putRecords(stream, records);
    return pending.done().thenApply(v -> pending.result());
  }

  /**
   * Like {@link #putRecordsAsync(StreamRef, List)}, building the result on {@code executor}.
   *
   * @param stream the stream, by name or ARN
   * @param records 1 to 500 records, in the order their results are listed
   * @param executor where the result is built once Kafka acknowledged every record
   * @return completes, on {@code executor}, with one result entry per record, in order
   * @throws KinesisException for an invalid request
   */
  public CompletableFuture<PutRecordsResult> putRecordsAsync(
      StreamRef stream, List<PutRecordsEntry> records, Executor executor) {
    RecordWriter.PendingPuts pending = writer.putRecords(stream, records);
    return pending.done().thenApplyAsync(v -> pending.result(), executor);
  }

  /**
   * GetShardIterator: an opaque, authenticated iterator any engine of the cluster serves, valid for
   * the configured {@linkplain EngineConfig#iteratorTtl() iterator TTL}.
   *
   * @param request the stream, shard and starting position
   * @return the shard iterator
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
   * @param shardIterator an iterator from {@link #getShardIterator} or an earlier answer
   * @param limit the most records to return, 1 to 10,000; null for 10,000
   * @return the records, the next iterator, how far behind the tip, and the children of a shard
   *     read to its end
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
   * @param stream the stream, by name or ARN
   * @param shardToSplit the id of the open shard to split
   * @param newStartingHashKey the lowest hash key of the second child, as a decimal integer
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
   * @param stream the stream, by name or ARN
   * @param shardToMerge the id of one open shard
   * @param adjacentShardToMerge the id of the open shard whose hash key range adjoins it
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
   * @param stream the stream, by name or ARN
   * @param targetShardCount the number of open shards to reach
   * @param scalingType {@code UNIFORM_SCALING}, the only type
   * @return the stream's name and ARN, and the current and target shard counts
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
   * @param streamArn the stream's ARN
   * @param consumerName a name unique among the stream's consumers
   * @return the consumer, CREATING, with its ARN
   * @throws KinesisException ResourceInUseException if the name is taken, LimitExceededException
   *     past 20 consumers
   */
  public ConsumerDescription registerStreamConsumer(String streamArn, String consumerName) {
    return consumers.register(streamArn, consumerName);
  }

  /**
   * DescribeStreamConsumer.
   *
   * @param consumer the consumer, by stream ARN and name or by consumer ARN
   * @return the consumer's name, ARN, status and creation time
   * @throws KinesisException InvalidArgumentException unless the consumer is named by stream ARN
   *     and name or by consumer ARN; ResourceNotFoundException if it does not exist
   */
  public ConsumerDescription describeStreamConsumer(ConsumerRef consumer) {
    return consumers.describe(
        consumer.streamArn(), consumer.consumerName(), consumer.consumerArn());
  }

  /**
   * ListStreamConsumers: a page of the stream's registered consumers.
   *
   * @param request the stream's ARN, and the page's token and size
   * @return the page's consumers, and the next token while more follow
   */
  public ListConsumersResult listStreamConsumers(ListStreamConsumersRequest request) {
    return consumers.list(request.streamArn(), request.nextToken(), request.maxResults());
  }

  /**
   * DeregisterStreamConsumer: removes the consumer's registration.
   *
   * @param consumer the consumer, by stream ARN and name or by consumer ARN
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
   * @param consumerArn the ARN of an ACTIVE consumer of the shard's stream
   * @param shardId the shard to read
   * @param startingPosition where to start: a type and its sequence number or timestamp
   * @return the subscription; the caller reads it on one thread and closes it
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
