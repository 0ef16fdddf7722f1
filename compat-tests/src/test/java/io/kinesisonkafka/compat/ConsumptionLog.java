package io.kinesisonkafka.compat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Everything the KCL told its record processors, in the order it happened: one log for all workers
 * and shards of a test. {@code order} is a global counter, so "the parent ended before the child
 * started" is a comparison of two numbers.
 *
 * <p>Thread-safe: the KCL calls processors of different shards on different threads.
 */
final class ConsumptionLog {

  sealed interface Event permits Initialized, Processed, Checkpointed, ShardEnded, LeaseLost {
    long order();

    String worker();

    String shardId();
  }

  /** {@code checkpoint} is what the lease held: a sequence number or a sentinel. */
  record Initialized(long order, String worker, String shardId, String checkpoint)
      implements Event {}

  record Processed(
      long order,
      String worker,
      String shardId,
      int batch,
      String partitionKey,
      BigInteger sequenceNumber,
      long subSequenceNumber,
      String data)
      implements Event {}

  /** {@code sequenceNumber} is empty for the SHARD_END checkpoint. */
  record Checkpointed(
      long order, String worker, String shardId, Optional<BigInteger> sequenceNumber)
      implements Event {}

  record ShardEnded(long order, String worker, String shardId) implements Event {}

  record LeaseLost(long order, String worker, String shardId) implements Event {}

  private final AtomicLong clock = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final ConcurrentLinkedQueue<Event> events = new ConcurrentLinkedQueue<>();

  long next() {
    return clock.incrementAndGet();
  }

  int nextBatch() {
    return (int) batches.incrementAndGet();
  }

  void add(Event event) {
    events.add(event);
  }

  List<Event> events() {
    List<Event> copy = new ArrayList<>(events);
    copy.sort((a, b) -> Long.compare(a.order(), b.order()));
    return copy;
  }

  <T extends Event> List<T> events(Class<T> type, Predicate<? super T> filter) {
    return events().stream().filter(type::isInstance).map(type::cast).filter(filter).toList();
  }

  List<Processed> processed() {
    return events(Processed.class, e -> true);
  }

  Set<String> processedData() {
    return events.stream()
        .filter(Processed.class::isInstance)
        .map(e -> ((Processed) e).data())
        .collect(Collectors.toSet());
  }
}
