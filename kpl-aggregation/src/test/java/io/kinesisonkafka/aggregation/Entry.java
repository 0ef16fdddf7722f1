package io.kinesisonkafka.aggregation;

import java.util.Arrays;
import java.util.Objects;

/** A user record to aggregate, as the tests feed {@link AggregatedRecordBuilder#tryAdd}. */
record Entry(String partitionKey, String explicitHashKey, byte[] data) {

  Entry {
    Objects.requireNonNull(partitionKey);
    Objects.requireNonNull(data);
  }

  static Entry of(String partitionKey, String data) {
    return new Entry(partitionKey, null, data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  boolean addTo(AggregatedRecordBuilder builder) {
    return builder.tryAdd(partitionKey, explicitHashKey, data);
  }

  /** The user record a consumer should get back for this entry at position i of an aggregate. */
  UserRecord expectedAt(int i) {
    return new UserRecord(partitionKey, explicitHashKey, data, i);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Entry other
        && partitionKey.equals(other.partitionKey)
        && Objects.equals(explicitHashKey, other.explicitHashKey)
        && Arrays.equals(data, other.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(partitionKey, explicitHashKey, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "Entry[" + partitionKey + ", " + explicitHashKey + ", " + data.length + " bytes]";
  }
}
