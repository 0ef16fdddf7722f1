package io.kinesisonkafka.connect.source;

import io.kinesisonkafka.connect.internals.ShardInfo;
import io.kinesisonkafka.connect.internals.ShardRead;
import io.kinesisonkafka.connect.internals.SourceOffsets;
import io.kinesisonkafka.connect.internals.SourceShard;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Turns a shard's user records into Connect's SourceRecords: the topic, the Kafka partition (by
 * {@code kafka.partitioning}), key, value, timestamp and the chosen headers, with the record's
 * offset in the shard.
 *
 * <p>Why a class of its own: the translation from Kinesis to Kafka words is one concern, shared by
 * both ways of reading (GetRecords and enhanced fan-out), and it runs once per record, so the
 * settings it needs are read from the configuration once, here. Confined to the task's poll thread.
 */
final class SourceRecordConverter {
  private static final BigInteger HASH_SPACE = BigInteger.ONE.shiftLeft(128);

  private final KinesisSourceConfig config;
  // Read once from the configuration: poll() runs per record and AbstractConfig's getters are not
  // free.
  private final KinesisSourceConfig.Partitioning partitioning;
  private final int partitions;
  private final boolean headerStream;
  private final boolean headerShard;
  private final boolean headerSequence;
  private final boolean headerSubSequence;
  private final boolean headerArrival;
  private final boolean headerHashKey;
  private final Map<String, String> topics = new HashMap<>();

  SourceRecordConverter(KinesisSourceConfig config) {
    this.config = config;
    partitioning = config.partitioning();
    partitions = config.partitions();
    var chosen = config.headers();
    headerStream = chosen.contains(KinesisSourceConfig.Header.STREAM);
    headerShard = chosen.contains(KinesisSourceConfig.Header.SHARD_ID);
    headerSequence = chosen.contains(KinesisSourceConfig.Header.SEQUENCE_NUMBER);
    headerSubSequence = chosen.contains(KinesisSourceConfig.Header.SUB_SEQUENCE_NUMBER);
    headerArrival = chosen.contains(KinesisSourceConfig.Header.ARRIVAL_TIMESTAMP);
    headerHashKey = chosen.contains(KinesisSourceConfig.Header.EXPLICIT_HASH_KEY);
  }

  /** Adds a record per item to {@code out}, moving the shard's position past each. */
  void addAll(SourceShard shard, List<ShardRead.Item> items, List<SourceRecord> out) {
    for (ShardRead.Item item : items) {
      out.add(toRecord(shard, item));
      shard.position = new SourceOffsets.Position(item.sequenceNumber(), item.subSequenceNumber());
    }
  }

  private SourceRecord toRecord(SourceShard shard, ShardRead.Item item) {
    Long arrival = item.arrival() == null ? null : item.arrival().toEpochMilli();
    ConnectHeaders headers = headers(shard, item, arrival);
    return new SourceRecord(
        shard.partition,
        SourceOffsets.offset(item.sequenceNumber(), item.subSequenceNumber()),
        topics.computeIfAbsent(shard.info.stream(), config::topic),
        kafkaPartition(shard.info, item),
        Schema.STRING_SCHEMA,
        item.partitionKey(),
        Schema.BYTES_SCHEMA,
        item.data(),
        arrival,
        headers);
  }

  private ConnectHeaders headers(SourceShard shard, ShardRead.Item item, Long arrival) {
    ConnectHeaders headers = new ConnectHeaders();
    // Strings and int64s: the default SimpleHeaderConverter writes them without parsing.
    if (headerStream) {
      headers.addString(KinesisSourceConfig.Header.STREAM.headerName(), shard.info.stream());
    }
    if (headerShard) {
      headers.addString(KinesisSourceConfig.Header.SHARD_ID.headerName(), shard.info.shardId());
    }
    if (headerSequence) {
      headers.addString(
          KinesisSourceConfig.Header.SEQUENCE_NUMBER.headerName(), item.sequenceNumber());
    }
    if (headerSubSequence) {
      headers.addLong(
          KinesisSourceConfig.Header.SUB_SEQUENCE_NUMBER.headerName(), item.subSequenceNumber());
    }
    if (headerArrival && arrival != null) {
      headers.addLong(KinesisSourceConfig.Header.ARRIVAL_TIMESTAMP.headerName(), arrival);
    }
    if (headerHashKey && item.explicitHashKey() != null) {
      headers.addString(
          KinesisSourceConfig.Header.EXPLICIT_HASH_KEY.headerName(), item.explicitHashKey());
    }
    return headers;
  }

  private Integer kafkaPartition(ShardInfo info, ShardRead.Item item) {
    return switch (partitioning) {
      case KEY -> null;
      case SHARD_INDEX -> info.index() % partitions;
      case HASH_KEY ->
          item.hashKey().multiply(BigInteger.valueOf(partitions)).divide(HASH_SPACE).intValue();
    };
  }
}
