package io.kinesisonkafka.consumer.kcl;

import io.kinesisonkafka.consumer.CheckpointFailedException;
import io.kinesisonkafka.consumer.ExtendedSequenceNumber;
import io.kinesisonkafka.consumer.InitializationInput;
import io.kinesisonkafka.consumer.KinesisClientRecord;
import io.kinesisonkafka.consumer.LeaseLostInput;
import io.kinesisonkafka.consumer.ProcessRecordsInput;
import io.kinesisonkafka.consumer.ShardEndedInput;
import io.kinesisonkafka.consumer.ShardRecordProcessor;
import io.kinesisonkafka.consumer.ShardRecordProcessorFactory;
import io.kinesisonkafka.consumer.ShutdownException;
import io.kinesisonkafka.consumer.ShutdownRequestedInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;

/**
 * Runs processors written for the KCL ({@code software.amazon.kinesis:amazon-kinesis-client} 3.x,
 * an optional dependency: put it on your class path) unchanged on a consumer-lib {@link
 * io.kinesisonkafka.consumer.Scheduler}:
 *
 * <pre>{@code
 * Scheduler.start(config, KclProcessors.adapt(new MyKclProcessorFactory()));
 * }</pre>
 *
 * <p>Each callback is translated to the KCL's input objects; the KCL checkpointer the processor
 * gets checkpoints through consumer-lib (committed offsets of the consumer group), throwing the
 * KCL's checked exceptions: {@code ShutdownException} when the lease is no longer held, {@code
 * KinesisClientLibDependencyException} (retriable) when Kafka did not take the checkpoint. Not
 * supported: application state in prepared checkpoints ({@code prepareCheckpoint(..., byte[])}) and
 * {@code checkpointer().checkpointer()} (the KCL's lease-table checkpointer); both throw {@link
 * UnsupportedOperationException}. Threads: as for any {@link ShardRecordProcessor}.
 */
public final class KclProcessors {
  private KclProcessors() {}

  /**
   * A consumer-lib factory making adapted KCL processors. It calls the KCL factory's {@code
   * shardRecordProcessor()}, also in a multi-stream application.
   *
   * @param kclFactory the KCL factory
   * @return a factory for {@link io.kinesisonkafka.consumer.Scheduler#start}
   * @throws NullPointerException if {@code kclFactory} is null
   */
  public static ShardRecordProcessorFactory adapt(
      software.amazon.kinesis.processor.ShardRecordProcessorFactory kclFactory) {
    Objects.requireNonNull(kclFactory, "kclFactory");
    return () -> adapt(kclFactory.shardRecordProcessor());
  }

  /**
   * One KCL processor as a consumer-lib processor. Its KCL inputs carry the shard id, checkpoints,
   * records, {@code millisBehindLatest} and a checkpointer; {@code isAtShardEnd} is always false
   * (the end of a shard is {@code shardEnded}) and no child shards are given.
   *
   * @param kcl the KCL processor
   * @return a processor that calls it
   * @throws NullPointerException if {@code kcl} is null
   */
  public static ShardRecordProcessor adapt(
      software.amazon.kinesis.processor.ShardRecordProcessor kcl) {
    Objects.requireNonNull(kcl, "kcl");
    return new ShardRecordProcessor() {
      @Override
      public void initialize(InitializationInput input) {
        kcl.initialize(
            software.amazon.kinesis.lifecycle.events.InitializationInput.builder()
                .shardId(input.shardId())
                .extendedSequenceNumber(toKcl(input.extendedSequenceNumber()))
                .pendingCheckpointSequenceNumber(toKcl(input.pendingCheckpointSequenceNumber()))
                .build());
      }

      @Override
      public void processRecords(ProcessRecordsInput input) {
        List<software.amazon.kinesis.retrieval.KinesisClientRecord> records =
            new ArrayList<>(input.records().size());
        for (KinesisClientRecord r : input.records()) {
          records.add(
              software.amazon.kinesis.retrieval.KinesisClientRecord.builder()
                  .sequenceNumber(r.sequenceNumber())
                  .subSequenceNumber(r.subSequenceNumber())
                  .partitionKey(r.partitionKey())
                  .explicitHashKey(r.explicitHashKey())
                  .approximateArrivalTimestamp(r.approximateArrivalTimestamp())
                  .data(r.data())
                  .aggregated(r.aggregated())
                  .build());
        }
        kcl.processRecords(
            software.amazon.kinesis.lifecycle.events.ProcessRecordsInput.builder()
                .records(records)
                .millisBehindLatest(input.millisBehindLatest())
                .isAtShardEnd(false)
                .checkpointer(new KclCheckpointer(input.checkpointer()))
                .build());
      }

      @Override
      public void leaseLost(LeaseLostInput input) {
        kcl.leaseLost(software.amazon.kinesis.lifecycle.events.LeaseLostInput.builder().build());
      }

      @Override
      public void shardEnded(ShardEndedInput input) {
        kcl.shardEnded(
            software.amazon.kinesis.lifecycle.events.ShardEndedInput.builder()
                .checkpointer(new KclCheckpointer(input.checkpointer()))
                .build());
      }

      @Override
      public void shutdownRequested(ShutdownRequestedInput input) {
        kcl.shutdownRequested(
            software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput.builder()
                .checkpointer(new KclCheckpointer(input.checkpointer()))
                .build());
      }
    };
  }

  static software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber toKcl(
      ExtendedSequenceNumber n) {
    if (n == null) {
      return null;
    }
    if (n.isSentinel()) {
      return switch (n.sequenceNumber()) {
        case "TRIM_HORIZON" ->
            software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber.TRIM_HORIZON;
        case "LATEST" -> software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber.LATEST;
        case "AT_TIMESTAMP" ->
            software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber.AT_TIMESTAMP;
        default -> software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber.SHARD_END;
      };
    }
    return new software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber(
        n.sequenceNumber(), n.subSequenceNumber());
  }

  /** Runs a consumer-lib checkpoint, throwing what the KCL's checkpointer throws. */
  interface Call<T> {
    T run();
  }

  static <T> T translated(Call<T> call)
      throws software.amazon.kinesis.exceptions.ShutdownException,
          KinesisClientLibDependencyException {
    try {
      return call.run();
    } catch (ShutdownException e) {
      throw new software.amazon.kinesis.exceptions.ShutdownException(e.getMessage(), e);
    } catch (CheckpointFailedException e) {
      throw new KinesisClientLibDependencyException(e.getMessage(), e);
    }
  }
}
