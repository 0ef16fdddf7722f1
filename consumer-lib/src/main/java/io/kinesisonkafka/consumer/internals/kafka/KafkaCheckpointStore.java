package io.kinesisonkafka.consumer.internals.kafka;

import io.kinesisonkafka.consumer.CheckpointFailedException;
import io.kinesisonkafka.consumer.ShutdownException;
import io.kinesisonkafka.consumer.internals.CheckpointStore;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.IllegalGenerationException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.WakeupException;

/**
 * A shard's checkpoints as the group's committed offset of its partition. The commit carries the
 * worker's group generation: a worker that was fenced out (its session expired, the partition was
 * reassigned) has its commit refused by the coordinator, which becomes a {@link ShutdownException}.
 * KafkaConsumer is single-threaded, so a checkpoint from another thread runs on the worker thread.
 */
final class KafkaCheckpointStore implements CheckpointStore {
  private final Worker worker;
  private final TopicPartition partition;
  private final String shardName;

  KafkaCheckpointStore(Worker worker, TopicPartition partition, String shardName) {
    this.worker = worker;
    this.partition = partition;
    this.shardName = shardName;
  }

  @Override
  public void commit(long offset, String metadata) {
    worker.onWorkerThread(() -> commitHere(offset, metadata));
  }

  private void commitHere(long offset, String metadata) {
    KafkaConsumer<byte[], byte[]> consumer = worker.consumer();
    if (!consumer.assignment().contains(partition)) {
      throw lost(null);
    }
    Map<TopicPartition, OffsetAndMetadata> commit =
        Map.of(partition, new OffsetAndMetadata(offset, metadata));
    Duration timeout = worker.commitTimeout();
    try {
      try {
        consumer.commitSync(commit, timeout);
      } catch (WakeupException e) {
        consumer.commitSync(commit, timeout);
      }
    } catch (CommitFailedException
        | IllegalGenerationException
        | UnknownMemberIdException
        | FencedInstanceIdException e) {
      throw lost(e);
    } catch (RebalanceInProgressException e) {
      throw new CheckpointFailedException(
          "Checkpoint of " + shardName + " not made: the group is rebalancing; retry", e);
    } catch (KafkaException e) {
      throw new CheckpointFailedException(
          "Checkpoint of " + shardName + " not made: " + e.getMessage(), e);
    }
  }

  private ShutdownException lost(Exception cause) {
    return new ShutdownException(
        "Checkpoint of "
            + shardName
            + " refused: this worker no longer holds the lease (the consumer group moved the"
            + " partition or fenced this worker's generation)",
        cause);
  }
}
