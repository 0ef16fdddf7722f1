package io.kinesisonkafka.connect.internals;

import java.util.Map;

/**
 * One shard a source task owns, and where its copy stands. Confined to the task's poll thread,
 * except {@link #millisBehindLatest}, which the metrics reporter reads.
 */
public final class SourceShard {
  /** Where the shard's copy stands. */
  public enum State {
    /** A parent was not yet copied to its end. */
    WAITING_FOR_PARENTS,
    /** Being copied. */
    READING,
    /** Read to its end (closed shard), or gone. */
    ENDED
  }

  public final ShardInfo info;
  public final Map<String, String> partition;
  public final ShardRead read;
  public State state;
  public SourceOffsets.Position position;
  public String iterator;
  public long dueAtMillis;
  public int failures;
  public volatile long millisBehindLatest = -1;

  /**
   * The next GetRecords call, already running while Connect sends the records of the previous one
   * (polling only), or null.
   */
  public java.util.concurrent.CompletableFuture<
          software.amazon.awssdk.services.kinesis.model.GetRecordsResponse>
      prefetch;

  /** Enhanced fan-out only: the open subscription, and the last continuation sequence number. */
  public FanOut.ShardSubscription subscription;

  public String continuation;

  public SourceShard(ShardInfo info, ShardRead read, SourceOffsets.Position position) {
    this.info = info;
    this.partition = SourceOffsets.partition(info.stream(), info.shardId());
    this.read = read;
    this.position = position;
    this.state = info.parents().isEmpty() ? State.READING : State.WAITING_FOR_PARENTS;
  }
}
