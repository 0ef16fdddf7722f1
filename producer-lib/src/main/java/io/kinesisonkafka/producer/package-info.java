/**
 * producer-lib's public API: the Kinesis Producer Library's {@code KinesisProducer}, writing user
 * records straight to the Kafka topics of Kinesis streams.
 *
 * <ul>
 *   <li>{@link io.kinesisonkafka.producer.KinesisProducer}, configured by {@link
 *       io.kinesisonkafka.producer.KinesisProducerConfig}, puts user records and answers each with
 *       a {@code CompletableFuture} of {@link io.kinesisonkafka.producer.UserRecordResult} (or
 *       {@link io.kinesisonkafka.producer.UserRecordFailedException}), listing every {@link
 *       io.kinesisonkafka.producer.Attempt}.
 *   <li>{@link io.kinesisonkafka.producer.UserRecordProducer} is what application code should
 *       depend on, so unit tests can hand it a {@link
 *       io.kinesisonkafka.producer.MockKinesisProducer}.
 *   <li>{@link io.kinesisonkafka.producer.KinesisPartitioner} lets a plain {@code KafkaProducer}
 *       route as Kinesis does.
 * </ul>
 *
 * <p>Everything under {@code io.kinesisonkafka.producer.internals} is machinery, not API.
 */
package io.kinesisonkafka.producer;
