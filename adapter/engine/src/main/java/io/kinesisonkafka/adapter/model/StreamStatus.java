package io.kinesisonkafka.adapter.model;

/** A stream's status as Kinesis reports it. */
public enum StreamStatus {
  /** Being created: it takes no records yet. */
  CREATING,
  /** Being deleted: it takes no more records. */
  DELETING,
  /** Ready: it takes records. */
  ACTIVE,
  /** Resharding or changing a setting; it still takes records. */
  UPDATING
}
