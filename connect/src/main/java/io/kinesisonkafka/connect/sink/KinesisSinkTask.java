package io.kinesisonkafka.connect.sink;

import io.kinesisonkafka.connect.internals.KinesisAccess;
import io.kinesisonkafka.connect.internals.KinesisEntry;
import io.kinesisonkafka.connect.internals.PutBatcher;
import io.kinesisonkafka.connect.internals.Retriable;
import io.kinesisonkafka.connect.internals.ShardLanes;
import io.kinesisonkafka.connect.internals.ShardLister;
import io.kinesisonkafka.connect.internals.Version;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Puts the records of its Kafka partitions into a Kinesis stream with PutRecords.
 *
 * <p>{@link #put} converts each record (partition key from the key, a header or a field; data from
 * bytes or text) and sends whenever a full PutRecords call is waiting or the oldest record waited
 * {@code batch.linger.ms}. One call per shard of the stream is in flight at a time, on the
 * batcher's threads, while Connect polls the next records; {@code put} waits for a shard's call
 * before it starts that shard's next, so Connect's consumer does not poll on while Kinesis
 * throttles: memory stays bounded without a buffer of our own. {@link #preCommit} sends what still
 * waits and returns, per partition, only offsets up to which Kinesis acknowledged every record: a
 * task killed at any moment loses nothing, and its successor repeats at most the records after the
 * last commit.
 *
 * <p>A record Kinesis cannot take (no key, a key over 256 characters, larger than {@code
 * record.max.bytes}, a malformed explicit hash key, refused for good by Kinesis) goes to Connect's
 * error handling: with {@code errors.tolerance=all} to the dead-letter topic if one is set, and the
 * task goes on; with the default tolerance the task fails naming the record.
 */
public class KinesisSinkTask extends SinkTask {
  private static final Logger log = LoggerFactory.getLogger(KinesisSinkTask.class);
  private final Clock clock;
  private KinesisSinkConfig config;
  private KinesisClient kinesis;
  private PutBatcher batcher;
  // Read once from the configuration: put() runs per record.
  private KinesisEntry.KeyFrom keyFrom;
  private String keyName;
  private String hashKeyHeader;
  private int recordMaxBytes;
  private ErrantRecordReporter reporter;
  private final List<Future<Void>> reports = new ArrayList<>();

  /** Creates the task; Connect calls {@link #start}. */
  public KinesisSinkTask() {
    this(Clock.systemUTC());
  }

  KinesisSinkTask(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new KinesisSinkConfig(props);
    kinesis = KinesisAccess.from(config).client();
    keyFrom = KinesisEntry.KeyFrom.valueOf(config.partitionKeyFrom().name());
    keyName = config.partitionKeyName();
    hashKeyHeader = config.explicitHashKeyHeader();
    recordMaxBytes = config.recordMaxBytes();
    try {
      reporter = context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      reporter = null; // a worker older than Kafka 2.6
    }
    batcher =
        new PutBatcher(
            kinesis,
            config.stream(),
            config.batchMaxRecords(),
            config.batchMaxBytes(),
            config.ordering() == KinesisSinkConfig.Ordering.STRICT,
            Retriable.backoff(config.backoffInitial(), config.backoffMax()),
            config.retryTimeout(),
            clock,
            this::refusedByKinesis,
            config.aggregation() ? config.recordMaxBytes() : 0,
            this::shardMap);
  }

  /** The stream's lanes; a single one if the stream cannot be listed now. */
  private ShardLanes shardMap() {
    try {
      return ShardLanes.of(new ShardLister(kinesis).shards(config.stream()));
    } catch (RuntimeException e) {
      log.warn(
          "Listing the shards of stream {} failed; one PutRecords call in flight for all of"
              + " them until the next reshard is seen: {}",
          config.stream(),
          e.toString());
      return ShardLanes.single();
    }
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    try {
      for (SinkRecord record : records) {
        KinesisEntry entry;
        try {
          entry = KinesisEntry.of(record, keyFrom, keyName, hashKeyHeader, recordMaxBytes);
        } catch (DataException e) {
          report(record, e);
          batcher.settled(
              new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset());
          continue;
        }
        batcher.add(entry);
      }
      batcher.sendIfLingered(config.linger());
      // Connect calls put again when records come, or else at the next offset commit
      // (offset.flush.interval.ms, a minute by default): what waits for a fuller call asks to be
      // called when its linger ends, through the next poll's timeout.
      long wait = batcher.millisUntilLingered(config.linger());
      if (wait >= 0) {
        context.timeout(Math.max(1, wait));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while putting records to Kinesis", e);
    }
  }

  private void refusedByKinesis(KinesisEntry entry, String error) {
    report(
        entry.record(),
        new DataException("Kinesis stream " + config.stream() + " refused the record: " + error));
  }

  private void report(SinkRecord record, DataException e) {
    if (reporter == null) {
      throw e;
    }
    reports.add(reporter.report(record, e));
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    try {
      batcher.flush();
      for (Future<Void> f : reports) {
        f.get();
      }
      reports.clear();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Interrupted while flushing to Kinesis", e);
    } catch (ExecutionException e) {
      throw new ConnectException("Reporting a failed record failed", e.getCause());
    }
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    batcher
        .committable()
        .forEach(
            (tp, offset) -> {
              if (currentOffsets.containsKey(tp)) {
                commit.put(tp, new OffsetAndMetadata(offset));
              }
            });
    return commit;
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    if (batcher != null) {
      batcher.forget(new HashSet<>(partitions));
    }
  }

  @Override
  public void stop() {
    if (batcher != null) {
      batcher.close();
    }
    if (kinesis != null) {
      kinesis.close();
    }
  }
}
