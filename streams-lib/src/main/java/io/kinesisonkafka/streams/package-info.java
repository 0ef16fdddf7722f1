/**
 * Kafka Streams over Kinesis streams kept in Kafka: {@link
 * io.kinesisonkafka.streams.KinesisStreams} reads a stream's topic as {@link
 * io.kinesisonkafka.streams.KinesisRecord}s (KPL aggregates expanded) and writes into a stream's
 * topic with Kinesis routing.
 */
package io.kinesisonkafka.streams;
