package io.kinesisonkafka.adapter.server;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.server.protocol.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Wraps operations so that the {@link FaultRule}s pick some of their calls: each rule that matches
 * the operation draws on its own, in order; the first throttle or error drawn answers the call,
 * latencies drawn add up. Every injected fault counts in {@code kinesis_faults_injected_total}
 * (tags operation and kind) on {@code /metrics}.
 */
final class FaultInjection {
  private final List<FaultRule> rules;
  private final MeterRegistry meters;

  FaultInjection(List<FaultRule> rules, MeterRegistry meters) {
    this.rules = List.copyOf(rules);
    this.meters = meters;
  }

  /** The operation of {@code target} with faults injected; itself when no rule matches. */
  Operation wrap(String target, Operation operation) {
    String name = target.substring(target.indexOf('.') + 1);
    List<FaultRule> matching = rules.stream().filter(r -> r.matches(name)).toList();
    if (matching.isEmpty()) {
      return operation;
    }
    Operation faulty =
        (input, call) -> {
          long delayMillis = 0;
          for (FaultRule rule : matching) {
            if (ThreadLocalRandom.current().nextDouble() >= rule.share()) {
              continue;
            }
            count(name, rule.kind());
            switch (rule.kind()) {
              case THROTTLE ->
                  throw KinesisErrorCode.PROVISIONED_THROUGHPUT_EXCEEDED.exception(
                      "Rate exceeded (injected fault, fault.injection)");
              case ERROR ->
                  throw KinesisErrorCode.INTERNAL_FAILURE.exception(
                      "Internal failure (injected fault, fault.injection)");
              case LATENCY -> delayMillis += rule.latency().toMillis();
            }
          }
          if (delayMillis == 0) {
            return operation.invoke(input, call);
          }
          return CompletableFuture.supplyAsync(
                  () -> null, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS))
              .thenCompose(ignored -> operation.invoke(input, call));
        };
    return operation.readsBodyLazily() ? Operation.lazyBody(faulty) : faulty;
  }

  private void count(String operation, FaultRule.Kind kind) {
    Counter.builder("kinesis.faults.injected")
        .tag("operation", operation)
        .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT))
        .register(meters)
        .increment();
  }
}
