package io.kinesisonkafka.adapter.model;

/** Capacity mode of a stream. */
public enum StreamMode {
  PROVISIONED,
  ON_DEMAND
}
