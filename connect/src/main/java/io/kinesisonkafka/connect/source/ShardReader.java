package io.kinesisonkafka.connect.source;

import io.kinesisonkafka.connect.internals.SourceShard;
import java.util.Collection;
import java.util.List;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * How a source task reads a shard: with GetRecords ({@link PollingReader}) or enhanced fan-out
 * ({@link FanOutReader}). Why an interface: the task's poll loop (which shard, when, how many
 * records per poll) is the same for both; only the per-shard step differs.
 */
interface ShardReader {
  /**
   * Reads what the shard has next into {@code out} (while {@code out} holds fewer than {@link
   * KinesisSourceTask#MAX_RECORDS_PER_POLL}), moving its position, state, back-off and lag. Called
   * on the task's poll thread, for a shard in READING that is due.
   *
   * @throws org.apache.kafka.connect.errors.ConnectException when the shard cannot be read for good
   */
  void read(SourceShard shard, List<SourceRecord> out);

  /** Stops reading the task's {@code shards} and releases the reader's threads and clients. */
  void close(Collection<SourceShard> shards);
}
