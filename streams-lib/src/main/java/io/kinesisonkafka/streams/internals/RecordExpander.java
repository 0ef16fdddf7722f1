package io.kinesisonkafka.streams.internals;

import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.aggregation.CorruptAggregateException;
import io.kinesisonkafka.aggregation.Deaggregator;
import io.kinesisonkafka.aggregation.UserRecord;
import io.kinesisonkafka.streams.CorruptRecord;
import io.kinesisonkafka.streams.KinesisRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Turns each Kafka record of a stream's topic into the Kinesis user records it holds, keyed by
 * partition key: one for a plain record, one per user record for a KPL aggregate, none (reported)
 * for a corrupt one.
 */
public final class RecordExpander implements Processor<byte[], byte[], String, KinesisRecord> {
  private static final Duration SHARD_WAIT = Duration.ofSeconds(30);

  private final Shards shards;
  private final String stream;
  private final Consumer<CorruptRecord> onCorrupt;
  private ProcessorContext<String, KinesisRecord> context;
  // The shard of each partition: a view's numbering never changes, so it is looked up once.
  private ShardView[] shardsByPartition = new ShardView[8];

  public RecordExpander(Shards shards, String stream, Consumer<CorruptRecord> onCorrupt) {
    this.shards = shards;
    this.stream = stream;
    this.onCorrupt = onCorrupt;
  }

  @Override
  public void init(ProcessorContext<String, KinesisRecord> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata where =
        context
            .recordMetadata()
            .orElseThrow(() -> new IllegalStateException("no source record metadata"));
    ShardView shard = shard(where.partition());
    long offset = where.offset();
    long timestamp = record.timestamp();
    if (record.key() == null || record.value() == null) {
      onCorrupt.accept(
          new CorruptRecord(
              stream,
              shard.shardId(),
              shard.sequenceNumber(offset, timestamp),
              record.key() == null ? "no partition key" : "no data"));
      return;
    }
    String partitionKey = new String(record.key(), StandardCharsets.UTF_8);
    Header header = record.headers().lastHeader(HashKeys.EXPLICIT_HASH_KEY_HEADER);
    String explicitHashKey =
        header == null || header.value() == null
            ? null
            : new String(header.value(), StandardCharsets.UTF_8);
    byte[] data = record.value();
    if (!Deaggregator.isAggregated(data)) {
      forward(
          record,
          KinesisRecord.of(shard, offset, timestamp, partitionKey, data, 0, explicitHashKey));
      return;
    }
    java.util.List<UserRecord> users;
    try {
      users = Deaggregator.deaggregate(partitionKey, data);
    } catch (CorruptAggregateException e) {
      onCorrupt.accept(
          new CorruptRecord(
              stream, shard.shardId(), shard.sequenceNumber(offset, timestamp), e.getMessage()));
      return;
    }
    for (UserRecord user : users) {
      forward(
          record,
          KinesisRecord.of(
              shard,
              offset,
              timestamp,
              user.partitionKey(),
              user.data(),
              user.subSequenceNumber(),
              user.explicitHashKey()));
    }
  }

  private ShardView shard(int partition) {
    if (partition >= shardsByPartition.length) {
      shardsByPartition =
          java.util.Arrays.copyOf(
              shardsByPartition, Math.max(partition + 1, shardsByPartition.length * 2));
    }
    ShardView shard = shardsByPartition[partition];
    if (shard == null) {
      shard = shards.shard(stream, partition, SHARD_WAIT);
      shardsByPartition[partition] = shard;
    }
    return shard;
  }

  private void forward(Record<byte[], byte[]> source, KinesisRecord out) {
    context.forward(source.withKey(out.partitionKey()).withValue(out));
  }
}
