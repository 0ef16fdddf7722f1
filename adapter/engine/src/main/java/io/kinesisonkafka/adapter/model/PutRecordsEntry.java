package io.kinesisonkafka.adapter.model;

/** One record to put; {@code explicitHashKey} may be null. */
public record PutRecordsEntry(String partitionKey, byte[] data, String explicitHashKey) {
  public static PutRecordsEntry of(String partitionKey, byte[] data) {
    return new PutRecordsEntry(partitionKey, data, null);
  }
}
