/**
 * consumer-lib's public API: the Kinesis Client Library's model of processing, on a Kafka consumer
 * group.
 *
 * <p>A {@link io.kinesisonkafka.consumer.Scheduler}, configured by {@link
 * io.kinesisonkafka.consumer.SchedulerConfig}, is one worker of an application (a consumer group).
 * It makes a {@link io.kinesisonkafka.consumer.ShardRecordProcessor} per shard it leases and calls
 * it, on its worker thread, with input records ({@link
 * io.kinesisonkafka.consumer.InitializationInput}, {@link
 * io.kinesisonkafka.consumer.ProcessRecordsInput}, ...); the processor records progress with the
 * {@link io.kinesisonkafka.consumer.RecordProcessorCheckpointer}. Exceptions are unchecked {@link
 * io.kinesisonkafka.consumer.ConsumerException}s that say whether a retry may succeed. {@link
 * io.kinesisonkafka.consumer.ProcessorTestDriver} runs a processor in unit tests without Kafka.
 *
 * <p>{@code io.kinesisonkafka.consumer.kcl} runs processors written for the KCL itself; everything
 * under {@code io.kinesisonkafka.consumer.internals} is machinery, not API.
 */
package io.kinesisonkafka.consumer;
