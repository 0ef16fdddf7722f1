package io.kinesisonkafka.adapter.internals.state;

/**
 * Life of a shard. PENDING: a child announced by a reshard, not yet routable or listed. OPEN: takes
 * writes. FROZEN: a parent during its reshard's freeze window; writers hold its records until it
 * closes. CLOSED: read-only, ends at {@link ShardState#endOffset()}.
 */
public enum ShardPhase {
  PENDING,
  OPEN,
  FROZEN,
  CLOSED
}
