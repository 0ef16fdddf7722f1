package io.kinesisonkafka.adapter.model;

/**
 * The outcome of one record of a PutRecords call: either shard id and sequence number, or an error
 * code ({@code ProvisionedThroughputExceededException} or {@code InternalFailure}) and message.
 */
public record PutRecordsResultEntry(
    String shardId, String sequenceNumber, String errorCode, String errorMessage) {
  public boolean failed() {
    return errorCode != null;
  }

  public static PutRecordsResultEntry success(PutRecordResult result) {
    return new PutRecordsResultEntry(result.shardId(), result.sequenceNumber(), null, null);
  }

  public static PutRecordsResultEntry failure(String errorCode, String errorMessage) {
    return new PutRecordsResultEntry(null, null, errorCode, errorMessage);
  }
}
