package io.kinesisonkafka.examples.kcl;

import java.nio.charset.StandardCharsets;
import java.util.Map;
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

/**
 * A KCL 3.x record processor, written against the KCL's own interfaces and nothing else: it keeps
 * each order ({@code <order id>:<amount>}, partition key the customer) and checkpoints after every
 * batch, at the end of a shard and when asked to shut down. The same class runs on the real KCL
 * against the Kinesis endpoint and on consumer-lib straight from Kafka ({@code
 * KclProcessors.adapt(OrderTotals.factory(orders))}, see {@link OrderTotalsOnKafka}); {@code
 * KclExampleIT} in compat-tests runs it both ways.
 */
public final class OrderTotals implements ShardRecordProcessor {
  private final Map<String, String> orders;
  private String shardId;

  private OrderTotals(Map<String, String> orders) {
    this.orders = orders;
  }

  /**
   * Processors that put each order into {@code orders}: order id to {@code customer:amount}.
   *
   * @param orders a thread-safe map shared by the processors of every shard
   */
  public static ShardRecordProcessorFactory factory(Map<String, String> orders) {
    return () -> new OrderTotals(orders);
  }

  @Override
  public void initialize(InitializationInput input) {
    shardId = input.shardId();
  }

  @Override
  public void processRecords(ProcessRecordsInput input) {
    input
        .records()
        .forEach(
            r -> {
              String text = StandardCharsets.UTF_8.decode(r.data()).toString();
              int colon = text.indexOf(':');
              orders.put(
                  text.substring(0, colon), r.partitionKey() + ":" + text.substring(colon + 1));
            });
    checkpoint(input.checkpointer());
  }

  @Override
  public void leaseLost(LeaseLostInput input) {}

  @Override
  public void shardEnded(ShardEndedInput input) {
    checkpoint(input.checkpointer());
  }

  @Override
  public void shutdownRequested(ShutdownRequestedInput input) {
    checkpoint(input.checkpointer());
  }

  private void checkpoint(RecordProcessorCheckpointer checkpointer) {
    try {
      checkpointer.checkpoint();
    } catch (InvalidStateException | ShutdownException e) {
      // The lease moved on: the next owner resumes from the last checkpoint.
      System.err.println("checkpoint of " + shardId + " skipped: " + e);
    }
  }
}
