package io.kinesisonkafka.consumer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;

/**
 * One user record as a processor sees it, like the KCL's {@code KinesisClientRecord}: a Kinesis
 * record, or one user record out of a KPL aggregate. Immutable (unless its data is handed over by
 * {@link #handOverData()}); the sequence number and partition key are decoded on first use (a
 * processor that never asks for them does not pay for them). Thread-safe.
 */
public final class KinesisClientRecord {
  private final SequenceSource sequenceSource;
  private final long offset;
  private String sequenceNumber; // racy single-check: computed at most a few times, immutable
  private final long subSequenceNumber;
  private final byte[] partitionKeyUtf8;
  private String partitionKey; // racy single-check, as above
  private final String explicitHashKey;
  private final long arrivalMillis;
  private final byte[] data;
  private final boolean aggregated;

  /**
   * Formats the sequence number of the record at a position of a shard, on demand: how the
   * scheduler numbers records without formatting a number nobody reads.
   */
  @FunctionalInterface
  public interface SequenceSource {
    /**
     * The sequence number of the record at a position of the shard.
     *
     * @param offset the record's Kafka offset in the shard's partition
     * @param timestampMillis the record's Kafka timestamp, in epoch milliseconds
     * @return the sequence number, a decimal string
     */
    String sequenceNumber(long offset, long timestampMillis);
  }

  private KinesisClientRecord(
      SequenceSource sequenceSource,
      long offset,
      String sequenceNumber,
      long subSequenceNumber,
      byte[] partitionKeyUtf8,
      String partitionKey,
      String explicitHashKey,
      long arrivalMillis,
      byte[] data,
      boolean aggregated) {
    if (subSequenceNumber < 0) {
      throw new IllegalArgumentException("subSequenceNumber must be >= 0: " + subSequenceNumber);
    }
    this.sequenceSource = sequenceSource;
    this.offset = offset;
    this.sequenceNumber = sequenceNumber;
    this.subSequenceNumber = subSequenceNumber;
    this.partitionKeyUtf8 = partitionKeyUtf8;
    this.partitionKey = partitionKey;
    this.explicitHashKey = explicitHashKey;
    this.arrivalMillis = arrivalMillis;
    this.data = Objects.requireNonNull(data, "data");
    this.aggregated = aggregated;
  }

  /**
   * A record with every field given, e.g. for tests of processors.
   *
   * @param sequenceNumber the Kinesis sequence number of the record (of the aggregate it came from)
   * @param subSequenceNumber its index in the aggregate; 0 if it was not aggregated
   * @param partitionKey its partition key
   * @param explicitHashKey its explicit hash key in decimal, or null
   * @param approximateArrivalTimestamp when the record was appended
   * @param data its data (copied)
   * @param aggregated whether it came out of a KPL aggregate
   * @return the record
   * @throws NullPointerException if {@code sequenceNumber}, {@code partitionKey}, {@code
   *     approximateArrivalTimestamp} or {@code data} is null
   * @throws IllegalArgumentException if {@code subSequenceNumber} is negative
   */
  public static KinesisClientRecord of(
      String sequenceNumber,
      long subSequenceNumber,
      String partitionKey,
      String explicitHashKey,
      Instant approximateArrivalTimestamp,
      byte[] data,
      boolean aggregated) {
    return new KinesisClientRecord(
        null,
        -1,
        Objects.requireNonNull(sequenceNumber, "sequenceNumber"),
        subSequenceNumber,
        null,
        Objects.requireNonNull(partitionKey, "partitionKey"),
        explicitHashKey,
        approximateArrivalTimestamp.toEpochMilli(),
        data.clone(),
        aggregated);
  }

  /**
   * A record whose sequence number is formatted by {@code sequenceSource} from its {@code offset}
   * on first use, and whose partition key is either given or decoded from UTF-8 on first use: how
   * the scheduler makes records. {@code data} is used as is, not copied: the caller gives it up.
   *
   * @param sequenceSource formats the sequence number from {@code offset} and {@code arrivalMillis}
   * @param offset the record's (or its aggregate's) Kafka offset
   * @param subSequenceNumber its index in the aggregate; 0 if it was not aggregated
   * @param partitionKey its partition key, or null to decode {@code partitionKeyUtf8}
   * @param partitionKeyUtf8 its partition key in UTF-8, used when {@code partitionKey} is null
   * @param explicitHashKey its explicit hash key in decimal, or null
   * @param arrivalMillis when Kafka appended it, in epoch milliseconds
   * @param data its data, not copied
   * @param aggregated whether it came out of a KPL aggregate
   * @return the record
   * @throws IllegalArgumentException if neither partition key form is given, or {@code
   *     subSequenceNumber} is negative
   * @throws NullPointerException if {@code sequenceSource} or {@code data} is null
   */
  public static KinesisClientRecord deferred(
      SequenceSource sequenceSource,
      long offset,
      long subSequenceNumber,
      String partitionKey,
      byte[] partitionKeyUtf8,
      String explicitHashKey,
      long arrivalMillis,
      byte[] data,
      boolean aggregated) {
    if (partitionKey == null && partitionKeyUtf8 == null) {
      throw new IllegalArgumentException("a partition key is needed");
    }
    return new KinesisClientRecord(
        Objects.requireNonNull(sequenceSource, "sequenceSource"),
        offset,
        null,
        subSequenceNumber,
        partitionKeyUtf8,
        partitionKey,
        explicitHashKey,
        arrivalMillis,
        data,
        aggregated);
  }

  /**
   * The Kinesis sequence number of the record (of the aggregate it came from).
   *
   * @return the sequence number, a decimal string
   */
  public String sequenceNumber() {
    String s = sequenceNumber;
    if (s == null) {
      s = sequenceSource.sequenceNumber(offset, arrivalMillis);
      sequenceNumber = s;
    }
    return s;
  }

  /**
   * Its index in the aggregate.
   *
   * @return the index; 0 if it was not aggregated
   */
  public long subSequenceNumber() {
    return subSequenceNumber;
  }

  /**
   * Its partition key: the user record's own for a record out of an aggregate.
   *
   * @return the partition key
   */
  public String partitionKey() {
    String k = partitionKey;
    if (k == null) {
      k = new String(partitionKeyUtf8, StandardCharsets.UTF_8);
      partitionKey = k;
    }
    return k;
  }

  /**
   * The size of its partition key in UTF-8, without decoding it when the record holds it as UTF-8
   * (as the scheduler's records do): for estimating payload sizes cheaply.
   *
   * @return the partition key's length in UTF-8 bytes
   */
  public int partitionKeySize() {
    if (partitionKeyUtf8 != null) {
      return partitionKeyUtf8.length;
    }
    return utf8Length(partitionKey);
  }

  private static int utf8Length(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          bytes++;
        } else if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 2; // 4 bytes for the pair's 2 chars
          i++;
        } else if (!Character.isSurrogate(c)) {
          bytes += 2;
        } // else an unpaired surrogate: encoded as '?', one byte
      }
    }
    return bytes;
  }

  /**
   * Its explicit hash key, if it was put with one.
   *
   * @return the explicit hash key in decimal, or null
   */
  public String explicitHashKey() {
    return explicitHashKey;
  }

  /**
   * When the record was appended: its Kafka record's timestamp, to the millisecond (the same for
   * every user record of an aggregate).
   *
   * @return the arrival time
   */
  public Instant approximateArrivalTimestamp() {
    return Instant.ofEpochMilli(arrivalMillis);
  }

  /**
   * Its data.
   *
   * @return a new read-only buffer over the data on each call, positioned at 0
   */
  public ByteBuffer data() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  /**
   * Its data as a writable buffer over the record's own array, not a copy: for a processor that
   * hands each record's data over to code that may keep or change it (as Lambda gives a function
   * its event to own), and that reads the data through this record no more. Every record has an
   * array of its own (it copies what it is made of, or is given it), so a change made through this
   * buffer shows in this record's {@link #data()} and {@link #dataBytes()} afterwards, and nowhere
   * else. Keep a copy first if the original may be needed again.
   *
   * @return a new writable, array-backed buffer over the data on each call, positioned at 0
   */
  public ByteBuffer handOverData() {
    return ByteBuffer.wrap(data);
  }

  /**
   * Copies its data into an array, e.g. to keep the original before {@link #handOverData()}.
   *
   * @param destination where to copy to
   * @param offset where in {@code destination} the data starts
   * @throws IndexOutOfBoundsException if {@code destination} has no room for {@link #dataSize()}
   *     bytes at {@code offset}
   */
  public void copyData(byte[] destination, int offset) {
    System.arraycopy(data, 0, destination, offset, data.length);
  }

  /**
   * Its data's size.
   *
   * @return the size in bytes
   */
  public int dataSize() {
    return data.length;
  }

  /**
   * The data as a new array.
   *
   * @return a copy of the data
   */
  public byte[] dataBytes() {
    return data.clone();
  }

  /**
   * Whether it came out of a KPL aggregate.
   *
   * @return true if it was one user record of an aggregate
   */
  public boolean aggregated() {
    return aggregated;
  }

  /**
   * Its position as a checkpoint names it.
   *
   * @return its sequence number and sub-sequence number
   */
  public ExtendedSequenceNumber extendedSequenceNumber() {
    return new ExtendedSequenceNumber(sequenceNumber(), subSequenceNumber);
  }

  /**
   * For logs: the position, partition key and data size (not the data).
   *
   * @return e.g. {@code KinesisClientRecord[4959.../0, partitionKey=user-1, 5 bytes]}
   */
  @Override
  public String toString() {
    return "KinesisClientRecord["
        + sequenceNumber()
        + "/"
        + subSequenceNumber
        + ", partitionKey="
        + partitionKey()
        + ", "
        + data.length
        + " bytes]";
  }
}
