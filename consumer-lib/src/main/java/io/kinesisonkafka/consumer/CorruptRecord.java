package io.kinesisonkafka.consumer;

import java.util.Objects;

/**
 * A record that starts with the KPL aggregate magic but is not a sound aggregate (wrong MD5,
 * unparsable, truncated). Its data is not passed on as user records; see {@link
 * ProcessRecordsInput#corruptRecords()}.
 *
 * @param sequenceNumber its sequence number
 * @param partitionKey its partition key
 * @param data its raw data, as stored (not copied)
 * @param reason what is wrong with it
 */
public record CorruptRecord(
    String sequenceNumber, String partitionKey, byte[] data, String reason) {
  /**
   * Checks the required components.
   *
   * @param sequenceNumber its sequence number
   * @param partitionKey its partition key
   * @param data its raw data
   * @param reason what is wrong with it
   * @throws NullPointerException if {@code sequenceNumber} or {@code reason} is null
   */
  public CorruptRecord {
    Objects.requireNonNull(sequenceNumber, "sequenceNumber");
    Objects.requireNonNull(reason, "reason");
  }
}
