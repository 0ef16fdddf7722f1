package io.kinesisonkafka.consumer.kcl;

import static io.kinesisonkafka.consumer.kcl.KclProcessors.translated;

import io.kinesisonkafka.consumer.RecordProcessorCheckpointer;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.kinesis.exceptions.KinesisClientLibDependencyException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.processor.Checkpointer;
import software.amazon.kinesis.processor.PreparedCheckpointer;

/** The KCL's checkpointer interface over a consumer-lib checkpointer. */
final class KclCheckpointer
    implements software.amazon.kinesis.processor.RecordProcessorCheckpointer {
  private final RecordProcessorCheckpointer ours;

  KclCheckpointer(RecordProcessorCheckpointer ours) {
    this.ours = ours;
  }

  @Override
  public void checkpoint() throws ShutdownException, KinesisClientLibDependencyException {
    translated(
        () -> {
          ours.checkpoint();
          return null;
        });
  }

  @Override
  public void checkpoint(Record record)
      throws ShutdownException, KinesisClientLibDependencyException {
    checkpoint(record.sequenceNumber());
  }

  @Override
  public void checkpoint(String sequenceNumber)
      throws ShutdownException, KinesisClientLibDependencyException {
    checkpoint(sequenceNumber, 0);
  }

  @Override
  public void checkpoint(String sequenceNumber, long subSequenceNumber)
      throws ShutdownException, KinesisClientLibDependencyException {
    translated(
        () -> {
          ours.checkpoint(sequenceNumber, subSequenceNumber);
          return null;
        });
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint()
      throws ShutdownException, KinesisClientLibDependencyException {
    return prepared(translated(ours::prepareCheckpoint));
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(byte[] applicationState) {
    throw stateUnsupported();
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(Record record)
      throws ShutdownException, KinesisClientLibDependencyException {
    return prepareCheckpoint(record.sequenceNumber());
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(Record record, byte[] applicationState) {
    throw stateUnsupported();
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(String sequenceNumber)
      throws ShutdownException, KinesisClientLibDependencyException {
    return prepareCheckpoint(sequenceNumber, 0);
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, byte[] applicationState) {
    throw stateUnsupported();
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(String sequenceNumber, long subSequenceNumber)
      throws ShutdownException, KinesisClientLibDependencyException {
    return prepared(translated(() -> ours.prepareCheckpoint(sequenceNumber, subSequenceNumber)));
  }

  @Override
  public PreparedCheckpointer prepareCheckpoint(
      String sequenceNumber, long subSequenceNumber, byte[] applicationState) {
    throw stateUnsupported();
  }

  @Override
  public Checkpointer checkpointer() {
    throw new UnsupportedOperationException(
        "consumer-lib keeps checkpoints in the Kafka consumer group, not in a KCL Checkpointer");
  }

  private static PreparedCheckpointer prepared(io.kinesisonkafka.consumer.PreparedCheckpointer p) {
    return new PreparedCheckpointer() {
      @Override
      public software.amazon.kinesis.retrieval.kpl.ExtendedSequenceNumber pendingCheckpoint() {
        return KclProcessors.toKcl(p.pendingCheckpoint());
      }

      @Override
      public void checkpoint() throws ShutdownException, KinesisClientLibDependencyException {
        translated(
            () -> {
              p.checkpoint();
              return null;
            });
      }
    };
  }

  private static UnsupportedOperationException stateUnsupported() {
    return new UnsupportedOperationException(
        "consumer-lib does not store application state with prepared checkpoints");
  }
}
