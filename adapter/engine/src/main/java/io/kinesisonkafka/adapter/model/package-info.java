/**
 * The requests and answers of the engine's Kinesis operations, as plain immutable records named and
 * shaped after the Kinesis API (CreateStream's input, DescribeStream's answer, ...), and the enums
 * of their closed value sets.
 *
 * <p>The records carry values and check little themselves ({@link
 * io.kinesisonkafka.adapter.model.HashKeyRange} and {@link
 * io.kinesisonkafka.adapter.model.ShardFilter} are the exceptions); the engine validates a request
 * when it runs the operation and answers a bad one with a {@link
 * io.kinesisonkafka.adapter.errors.KinesisException}. Records that hold a {@code byte[]} hold it
 * without a copy. Sequence numbers are Kinesis' decimal strings, shard ids {@code shardId-} and
 * twelve digits. All are safe to share between threads once built, provided no one changes the
 * arrays and collections passed in.
 */
package io.kinesisonkafka.adapter.model;
