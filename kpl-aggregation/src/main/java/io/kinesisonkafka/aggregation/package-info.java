/**
 * The KPL's record aggregation format: {@link
 * io.kinesisonkafka.aggregation.AggregatedRecordBuilder} packs user records into one Kinesis record
 * as the Kinesis Producer Library does, and {@link io.kinesisonkafka.aggregation.Deaggregator}
 * unpacks them as the Kinesis Client Library does.
 *
 * <p>The format (awslabs/amazon-kinesis-producer, aggregation-format.md): the magic bytes {@code F3
 * 89 9A C2}, a proto2 {@code AggregatedRecord} message, and the 16-byte MD5 of that message. The
 * message is written and read with protobuf's {@code CodedOutputStream} and {@code
 * CodedInputStream}, without generated code; tests check it byte for byte against the KCL's
 * generated {@code Messages} and its {@code AggregatorUtil}.
 */
package io.kinesisonkafka.aggregation;
