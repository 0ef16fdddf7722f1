package io.kinesisonkafka.adapter.internals.state;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * The records of the coordination log, the short-lived counterpart of the catalog: which server
 * instances are alive and which shards' limits each is using ({@link Heartbeat}), and who holds a
 * SubscribeToShard subscription ({@link Claim}, {@link Release}). Every instance applies them in
 * log order with {@link CoordinationState}, so every instance takes the same decision on a claim.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = CoordinationRecord.Heartbeat.class, name = "Heartbeat"),
  @JsonSubTypes.Type(value = CoordinationRecord.Claim.class, name = "Claim"),
  @JsonSubTypes.Type(value = CoordinationRecord.Release.class, name = "Release"),
})
public sealed interface CoordinationRecord {

  /**
   * An instance is alive and is using the per-shard limits named by {@code using} (throttle keys
   * such as {@code r:orders/1700000000/3}); {@code leaving} when it shuts down in order.
   */
  record Heartbeat(String instance, List<String> using, boolean leaving)
      implements CoordinationRecord {}

  /** {@code instance} asks to hold the subscription {@code key} (consumer ARN and shard). */
  record Claim(String key, String instance, String claimId) implements CoordinationRecord {}

  /** The subscription {@code claimId} ended; its key is free at once. */
  record Release(String key, String claimId) implements CoordinationRecord {}
}
