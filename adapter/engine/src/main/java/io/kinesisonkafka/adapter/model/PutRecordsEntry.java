package io.kinesisonkafka.adapter.model;

/**
 * One record of a PutRecords call; {@code explicitHashKey} may be null. The record holds {@code
 * data} as given, without a copy.
 *
 * @param partitionKey the key whose MD5 picks the shard unless {@code explicitHashKey} is set
 * @param data the record's payload
 * @param explicitHashKey a decimal hash key that picks the shard instead of the partition key; null
 *     to use the partition key's hash
 */
public record PutRecordsEntry(String partitionKey, byte[] data, String explicitHashKey) {
  /**
   * A record placed by its partition key.
   *
   * @param partitionKey the key whose MD5 picks the shard
   * @param data the record's payload
   * @return the entry, without an explicit hash key
   */
  public static PutRecordsEntry of(String partitionKey, byte[] data) {
    return new PutRecordsEntry(partitionKey, data, null);
  }
}
