package io.kinesisonkafka.adapter.model;

/** A stream's status as Kinesis reports it. */
public enum StreamStatus {
  CREATING,
  DELETING,
  ACTIVE,
  UPDATING
}
