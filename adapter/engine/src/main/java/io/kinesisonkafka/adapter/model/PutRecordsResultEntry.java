package io.kinesisonkafka.adapter.model;

/**
 * The outcome of one record of a PutRecords call: either shard id and sequence number, or an error
 * code ({@code ProvisionedThroughputExceededException} or {@code InternalFailure}) and message.
 *
 * @param shardId the shard that took the record; null if it failed
 * @param sequenceNumber the record's sequence number; null if it failed
 * @param errorCode the error's wire name; null if the record was put
 * @param errorMessage what went wrong; null if the record was put
 */
public record PutRecordsResultEntry(
    String shardId, String sequenceNumber, String errorCode, String errorMessage) {
  /**
   * Whether this record failed.
   *
   * @return true if {@code errorCode} is set
   */
  public boolean failed() {
    return errorCode != null;
  }

  /**
   * The entry of a record that was put.
   *
   * @param result where it landed
   * @return the entry, without error
   */
  public static PutRecordsResultEntry success(PutRecordResult result) {
    return new PutRecordsResultEntry(result.shardId(), result.sequenceNumber(), null, null);
  }

  /**
   * The entry of a record that was not put.
   *
   * @param errorCode the error's wire name, e.g. {@code ProvisionedThroughputExceededException}
   * @param errorMessage what went wrong
   * @return the entry, without shard id and sequence number
   */
  public static PutRecordsResultEntry failure(String errorCode, String errorMessage) {
    return new PutRecordsResultEntry(null, null, errorCode, errorMessage);
  }
}
