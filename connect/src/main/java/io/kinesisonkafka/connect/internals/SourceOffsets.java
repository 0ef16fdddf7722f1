package io.kinesisonkafka.connect.internals;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The source's entries in Connect's offset store, in one place. Source partition {@code {stream,
 * shard}}; offset {@code {seq, sub}}: the Kinesis record's sequence number and the user record's
 * sub-sequence number (0 for a record that was not aggregated), the last user record copied.
 */
public final class SourceOffsets {
  public static final String STREAM = "stream";
  public static final String SHARD = "shard";
  public static final String SEQUENCE_NUMBER = "seq";
  public static final String SUB_SEQUENCE_NUMBER = "sub";

  private SourceOffsets() {}

  /**
   * The source partition of a shard, its entries always in the same order. Connect stores offsets
   * under the serialized partition and looks them up by those bytes: a {@code Map.of}, whose
   * iteration order changes from one JVM to the next, made a task on another worker miss the
   * offsets (a restarted task began again at its start position; a child never saw its parent's
   * end).
   */
  public static Map<String, String> partition(String stream, String shardId) {
    Map<String, String> partition = new LinkedHashMap<>(4);
    partition.put(STREAM, stream);
    partition.put(SHARD, shardId);
    return partition;
  }

  /** The offset of a user record. */
  public static Map<String, Object> offset(String sequenceNumber, long subSequenceNumber) {
    // One per record (Connect commits the offset of the last record written, so a batch cannot
    // share one); immutable and small. Unlike a partition, an offset is never looked up by its
    // bytes, so its entries' order does not matter.
    return Map.of(SEQUENCE_NUMBER, sequenceNumber, SUB_SEQUENCE_NUMBER, subSequenceNumber);
  }

  /** A stored offset as a position, or null if there is none (or it is not ours). */
  public static Position position(Map<String, Object> stored) {
    if (stored == null || !(stored.get(SEQUENCE_NUMBER) instanceof String seq)) {
      return null;
    }
    Object sub = stored.get(SUB_SEQUENCE_NUMBER);
    return new Position(seq, sub instanceof Number n ? n.longValue() : Long.MAX_VALUE);
  }

  /**
   * The last user record copied: a read resumes AT_SEQUENCE_NUMBER {@code sequenceNumber} and skips
   * the user records of that Kinesis record up to {@code subSequenceNumber}.
   */
  public record Position(String sequenceNumber, long subSequenceNumber) {
    /** Whether a user record is at or before this position, within the record resumed at. */
    public boolean covers(String seq, long sub) {
      return sequenceNumber.equals(seq) && sub <= subSequenceNumber;
    }
  }
}
