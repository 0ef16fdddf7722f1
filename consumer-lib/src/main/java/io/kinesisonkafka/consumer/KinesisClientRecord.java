package io.kinesisonkafka.consumer;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Objects;

/**
 * One user record as a processor sees it, like the KCL's {@code KinesisClientRecord}: a Kinesis
 * record, or one user record out of a KPL aggregate.
 *
 * @param sequenceNumber the Kinesis sequence number of the record (of the aggregate it came from)
 * @param subSequenceNumber its index in the aggregate; 0 if it was not aggregated
 * @param partitionKey its partition key
 * @param explicitHashKey its explicit hash key in decimal, or null
 * @param approximateArrivalTimestamp when Kafka appended the record (LogAppendTime)
 * @param data its data, read-only
 * @param aggregated whether it came out of a KPL aggregate
 */
public record KinesisClientRecord(
    String sequenceNumber,
    long subSequenceNumber,
    String partitionKey,
    String explicitHashKey,
    Instant approximateArrivalTimestamp,
    ByteBuffer data,
    boolean aggregated) {

  public KinesisClientRecord {
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    Objects.requireNonNull(partitionKey, "partitionKey");
    Objects.requireNonNull(approximateArrivalTimestamp, "approximateArrivalTimestamp");
    data = data.asReadOnlyBuffer();
  }

  /** The data as a new array. */
  public byte[] dataBytes() {
    ByteBuffer copy = data.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }

  /** Its position as a checkpoint names it. */
  public ExtendedSequenceNumber extendedSequenceNumber() {
    return new ExtendedSequenceNumber(sequenceNumber, subSequenceNumber);
  }
}
