package io.kinesisonkafka.compat;

import io.kinesisonkafka.compat.ConsumptionLog.Checkpointed;
import io.kinesisonkafka.compat.ConsumptionLog.Initialized;
import io.kinesisonkafka.compat.ConsumptionLog.LeaseLost;
import io.kinesisonkafka.compat.ConsumptionLog.Processed;
import io.kinesisonkafka.compat.ConsumptionLog.ShardEnded;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.processor.ShardRecordProcessorFactory;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * A record processor as an application writes one: it handles a batch, then checkpoints after it;
 * at a shard's end and on a requested shutdown it checkpoints too. It writes all of it to a {@link
 * ConsumptionLog}.
 */
final class LoggingProcessor implements ShardRecordProcessor {
  private static final Logger log = LoggerFactory.getLogger(LoggingProcessor.class);

  private final ConsumptionLog journal;
  private final String worker;
  private String shardId;

  private LoggingProcessor(ConsumptionLog journal, String worker) {
    this.journal = journal;
    this.worker = worker;
  }

  static ShardRecordProcessorFactory factory(ConsumptionLog journal, String worker) {
    return () -> new LoggingProcessor(journal, worker);
  }

  @Override
  public void initialize(InitializationInput input) {
    shardId = input.shardId();
    journal.add(
        new Initialized(
            journal.next(), worker, shardId, input.extendedSequenceNumber().sequenceNumber()));
  }

  @Override
  public void processRecords(ProcessRecordsInput input) {
    if (input.records().isEmpty()) {
      return;
    }
    int batch = journal.nextBatch();
    KinesisClientRecord last = null;
    for (KinesisClientRecord record : input.records()) {
      journal.add(
          new Processed(
              journal.next(),
              worker,
              shardId,
              batch,
              record.partitionKey(),
              new BigInteger(record.sequenceNumber()),
              record.subSequenceNumber(),
              utf8(record.data())));
      last = record;
    }
    if (checkpoint(input.checkpointer())) {
      journal.add(
          new Checkpointed(
              journal.next(), worker, shardId, Optional.of(new BigInteger(last.sequenceNumber()))));
    }
  }

  @Override
  public void leaseLost(LeaseLostInput input) {
    journal.add(new LeaseLost(journal.next(), worker, shardId));
  }

  @Override
  public void shardEnded(ShardEndedInput input) {
    if (checkpoint(input.checkpointer())) {
      journal.add(new Checkpointed(journal.next(), worker, shardId, Optional.empty()));
      journal.add(new ShardEnded(journal.next(), worker, shardId));
    }
  }

  @Override
  public void shutdownRequested(ShutdownRequestedInput input) {
    // Every processed batch is already checkpointed; this records where the lease stands.
    checkpoint(input.checkpointer());
  }

  private boolean checkpoint(RecordProcessorCheckpointer checkpointer) {
    try {
      checkpointer.checkpoint();
      return true;
    } catch (ShutdownException | InvalidStateException e) {
      log.warn("{} could not checkpoint {}: {}", worker, shardId, e.toString());
      return false;
    } catch (Exception e) {
      log.warn("{} could not checkpoint {}", worker, shardId, e);
      return false;
    }
  }

  private static String utf8(ByteBuffer data) {
    ByteBuffer copy = data.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
