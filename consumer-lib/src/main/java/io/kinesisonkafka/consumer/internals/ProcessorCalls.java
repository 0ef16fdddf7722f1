package io.kinesisonkafka.consumer.internals;

import io.kinesisonkafka.consumer.ConsumerException;
import io.kinesisonkafka.consumer.ProcessorFailedException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into a processor and reports what it throws, as the KCL does: logged and told to the error
 * handler, never rethrown into the worker. A retriable failure (a checkpoint refused while the
 * group rebalances) is told as itself and remembered, so a caller can try again later instead of
 * reporting a forgotten checkpoint.
 */
final class ProcessorCalls {
  private static final Logger LOG = LoggerFactory.getLogger(ShardConsumer.class);

  private final String streamName;
  private final Supplier<String> shardId;
  private final Consumer<ConsumerException> errors;
  // Caller (worker) thread only.
  private boolean lastFailedRetriably;

  ProcessorCalls(String streamName, Supplier<String> shardId, Consumer<ConsumerException> errors) {
    this.streamName = streamName;
    this.shardId = shardId;
    this.errors = errors;
  }

  boolean lastFailedRetriably() {
    return lastFailedRetriably;
  }

  void call(String method, Runnable callback) {
    lastFailedRetriably = false;
    try {
      callback.run();
    } catch (ConsumerException e) {
      if (!e.retriable()) {
        report(method, e);
        return;
      }
      lastFailedRetriably = true;
      LOG.warn(
          "The processor of stream {}, {} threw from {}: {}",
          streamName,
          shardId.get(),
          method,
          e.getMessage());
      errors.accept(e);
    } catch (RuntimeException e) {
      report(method, e);
    }
  }

  private void report(String method, RuntimeException e) {
    ProcessorFailedException failure =
        new ProcessorFailedException(
            "The processor of stream "
                + streamName
                + ", "
                + shardId.get()
                + " threw from "
                + method
                + ": "
                + e,
            e);
    LOG.error(failure.getMessage(), e);
    errors.accept(failure);
  }
}
