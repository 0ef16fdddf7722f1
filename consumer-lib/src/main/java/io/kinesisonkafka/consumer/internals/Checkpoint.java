package io.kinesisonkafka.consumer.internals;

import io.kinesisonkafka.consumer.ExtendedSequenceNumber;

/**
 * A checkpoint as it is stored: a committed offset and its metadata string. Three shapes:
 *
 * <ul>
 *   <li>after a whole record {@code o}: offset {@code o + 1};
 *   <li>inside an aggregate at {@code o}, after user record {@code u}: offset {@code o}, flag
 *       {@code k} (resume at {@code o}, skipping user records up to {@code u}), so lag stays
 *       honest;
 *   <li>SHARD_END: the closed shard's end offset, flag {@code e} (and {@code i} when the shard
 *       ended at its initial position without delivering a record: its children then start at the
 *       initial position too, not at their beginning).
 * </ul>
 *
 * <p>Metadata: {@code kok1;q=<sequence number>;u=<sub>[;k][;e][;i][;p=<pending seq>/<sub>]}. A
 * commit without it (made by a plain Kafka consumer) reads as "after offset - 1".
 */
public record Checkpoint(
    long offset,
    String sequenceNumber,
    long subSequenceNumber,
    boolean skipThrough,
    boolean shardEnd,
    boolean endedAtInitial,
    ExtendedSequenceNumber pending) {

  private static final String PREFIX = "kok1";

  /** After the whole record at {@code recordOffset}. */
  public static Checkpoint after(long recordOffset, String sequenceNumber, long sub) {
    return new Checkpoint(recordOffset + 1, sequenceNumber, sub, false, false, false, null);
  }

  /** Inside the aggregate at {@code recordOffset}, after user record {@code sub}. */
  public static Checkpoint inside(long recordOffset, String sequenceNumber, long sub) {
    return new Checkpoint(recordOffset, sequenceNumber, sub, true, false, false, null);
  }

  public static Checkpoint shardEnd(long endOffset, boolean endedAtInitial) {
    return new Checkpoint(endOffset, null, 0, false, true, endedAtInitial, null);
  }

  public Checkpoint withPending(ExtendedSequenceNumber p) {
    return new Checkpoint(
        offset, sequenceNumber, subSequenceNumber, skipThrough, shardEnd, endedAtInitial, p);
  }

  /** The user record to skip through at {@link #offset()}, or -1 to skip none. */
  public long skipSub() {
    return skipThrough ? subSequenceNumber : -1;
  }

  /** The checkpoint as processors see it. */
  public ExtendedSequenceNumber extended() {
    if (shardEnd) {
      return ExtendedSequenceNumber.SHARD_END;
    }
    return sequenceNumber == null
        ? null
        : new ExtendedSequenceNumber(sequenceNumber, subSequenceNumber);
  }

  /** Whether this checkpoint is at or after the user record ({@code recordOffset}, {@code sub}). */
  public boolean covers(long recordOffset, long sub) {
    if (shardEnd) {
      return true;
    }
    if (skipThrough) {
      return recordOffset < offset || (recordOffset == offset && sub <= subSequenceNumber);
    }
    return recordOffset < offset;
  }

  public String metadata() {
    StringBuilder b = new StringBuilder(PREFIX);
    if (sequenceNumber != null) {
      b.append(";q=").append(sequenceNumber).append(";u=").append(subSequenceNumber);
    }
    if (skipThrough) {
      b.append(";k");
    }
    if (shardEnd) {
      b.append(";e");
    }
    if (endedAtInitial) {
      b.append(";i");
    }
    if (pending != null) {
      b.append(";p=")
          .append(pending.sequenceNumber())
          .append('/')
          .append(pending.subSequenceNumber());
    }
    return b.toString();
  }

  /** Reads a committed offset and its metadata (null or foreign metadata: a plain commit). */
  public static Checkpoint parse(long offset, String metadata) {
    if (metadata == null || !metadata.startsWith(PREFIX)) {
      return new Checkpoint(offset, null, 0, false, false, false, null);
    }
    String seq = null;
    long sub = 0;
    boolean skip = false;
    boolean end = false;
    boolean initial = false;
    ExtendedSequenceNumber pending = null;
    for (String part : metadata.split(";")) {
      if (part.startsWith("q=")) {
        seq = part.substring(2);
      } else if (part.startsWith("u=")) {
        sub = Long.parseLong(part.substring(2));
      } else if (part.equals("k")) {
        skip = true;
      } else if (part.equals("e")) {
        end = true;
      } else if (part.equals("i")) {
        initial = true;
      } else if (part.startsWith("p=")) {
        int slash = part.lastIndexOf('/');
        pending =
            new ExtendedSequenceNumber(
                part.substring(2, slash), Long.parseLong(part.substring(slash + 1)));
      }
    }
    return new Checkpoint(offset, seq, sub, skip, end, initial, pending);
  }
}
