package io.kinesisonkafka.streams;

/**
 * A Kafka record of a stream's topic that is not a Kinesis record: a KPL aggregate that does not
 * parse, or a record without a partition key. It is not passed on as data; {@link
 * KinesisStreams#stream(org.apache.kafka.streams.StreamsBuilder, String,
 * java.util.function.Consumer) a handler} learns of it.
 *
 * @param stream the stream read
 * @param shardId the shard (partition) it was read from
 * @param sequenceNumber its sequence number
 * @param reason what is wrong with it
 */
public record CorruptRecord(String stream, String shardId, String sequenceNumber, String reason) {}
