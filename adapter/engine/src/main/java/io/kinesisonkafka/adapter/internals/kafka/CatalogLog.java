package io.kinesisonkafka.adapter.internals.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.adapter.catalog.CatalogSettings;
import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.state.CatalogApplier;
import io.kinesisonkafka.adapter.internals.state.CatalogCommand;
import io.kinesisonkafka.adapter.internals.state.CatalogState;
import io.kinesisonkafka.adapter.internals.state.Outcome;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog: a single-partition topic of {@link CatalogCommand}s that every instance reads from
 * the start and applies in log order. One thread ("catalog-reader") owns the consumer and the
 * state; others read the latest {@link #state()} snapshot, lock-free.
 *
 * <p>Freshness: each reader cycle asks the partition leader for the end offset, then applies up to
 * it; the time taken before that request is the view's {@link #freshAsOfNanos()}. Every command
 * acknowledged before that instant is in the view. Writers rely on it to bound how stale a routing
 * decision can be (DESIGN.md section 3).
 */
public final class CatalogLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CatalogLog.class);
  private static final int KEPT_OUTCOMES = 4096;

  /** Bound of each Kafka call of a refresh cycle: a dead leader shows up within it. */
  private static final Duration KAFKA_CALL_TIMEOUT = Duration.ofSeconds(3);

  private static final long MIN_BACKOFF_MS = 100;
  private static final long MAX_BACKOFF_MS = 2_000;
  private static final Duration PROBLEM_LOG_INTERVAL = Duration.ofSeconds(30);

  private final TopicPartition partition;
  private final CatalogApplier applier;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Duration pollInterval;
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Thread reader;

  private volatile CatalogState state = CatalogState.empty();
  // Long ago, but not so long that "now - freshAsOfNanos" overflows (Long.MIN_VALUE did: the view
  // counted as fresh before the first read, and start() returned before the log was applied).
  private volatile long freshAsOfNanos = System.nanoTime() - (1L << 62);
  private volatile boolean running = true;
  private volatile Throwable failure;
  private volatile String failureReason;
  // The last cycle's error while Kafka cannot be reached; null after a good cycle.
  private volatile String problem;
  private volatile long problemSinceNanos;
  private long lastProblemLogNanos; // reader thread only

  // Guarded by "this": outcomes of recent offsets and writers waiting for theirs.
  private final Map<Long, Outcome> outcomes =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Outcome> eldest) {
          return size() > KEPT_OUTCOMES;
        }
      };
  private final Map<Long, CompletableFuture<Outcome>> waiting = new HashMap<>();
  private CompletableFuture<Void> nextChange = new CompletableFuture<>();
  private final List<FreshWaiter> freshWaiters = new ArrayList<>();

  /** When this instance first applied each stream's pending reshard, by stream and begin time. */
  private final Map<String, Long> reshardSeenNanos = new ConcurrentHashMap<>();

  private record FreshWaiter(long notBeforeNanos, CompletableFuture<Void> future) {}

  public CatalogLog(
      KafkaSettings kafka, String topic, CatalogApplier applier, Duration pollInterval) {
    this.partition = new TopicPartition(topic, 0);
    this.applier = applier;
    this.pollInterval = pollInterval;
    this.producer = new KafkaProducer<>(kafka.producer("catalog-writer", 1024 * 1024));
    this.consumer = new KafkaConsumer<>(kafka.reader("catalog-reader", 1000, 100));
    this.reader = new Thread(this::run, "catalog-reader");
    this.reader.setDaemon(true);
  }

  /**
   * Opens the catalog the way every user does (the engine and each library's {@code
   * StreamCatalog}): creates the catalog topic if this is the cluster's first client, then reads
   * the log to its end. Closes what it opened when that fails.
   *
   * @param kafka the clients' settings
   * @param topics the admin client that creates the catalog topic; the caller closes it
   */
  public static CatalogLog open(KafkaSettings kafka, TopicAdmin topics, CatalogSettings settings) {
    Duration startTimeout = max(settings.requestTimeout(), CatalogSettings.START_TIMEOUT);
    TopicAdmin.retryAtStart(startTimeout, () -> topics.ensureCatalogTopic(settings.catalogTopic()));
    Duration poll = settings.catalogFreshness().dividedBy(5);
    poll = poll.compareTo(Duration.ofMillis(100)) > 0 ? Duration.ofMillis(100) : poll;
    CatalogLog log =
        new CatalogLog(
            kafka,
            settings.catalogTopic(),
            new CatalogApplier(settings.accountId(), settings.region()),
            poll);
    try {
      log.start(startTimeout);
      return log;
    } catch (RuntimeException e) {
      log.close();
      throw e;
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** Starts reading and returns once the whole log up to its current end is applied. */
  public void start(Duration timeout) {
    consumer.assign(Set.of(partition));
    consumer.seekToBeginning(Set.of(partition));
    long startNanos = System.nanoTime();
    reader.start();
    awaitFresh(startNanos, timeout);
  }

  public CatalogState state() {
    return state;
  }

  public StreamState stream(String name) {
    return state.stream(name);
  }

  public long freshAsOfNanos() {
    return freshAsOfNanos;
  }

  /** Blocks until the view includes every command acknowledged before {@code notBeforeNanos}. */
  public void awaitFresh(long notBeforeNanos, Duration timeout) {
    join(whenFresh(notBeforeNanos), timeout, "catalog view");
  }

  /**
   * Completes (on the reader thread, or at once) when the view includes every command acknowledged
   * before {@code notBeforeNanos}.
   */
  public CompletableFuture<Void> whenFresh(long notBeforeNanos) {
    if (freshAsOfNanos - notBeforeNanos >= 0) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> future = new CompletableFuture<>();
    synchronized (this) {
      if (failure != null) {
        future.completeExceptionally(failure);
      } else if (freshAsOfNanos - notBeforeNanos >= 0) {
        future.complete(null);
      } else {
        freshWaiters.add(new FreshWaiter(notBeforeNanos, future));
      }
    }
    return future;
  }

  /** Completes on the next applied command (or failure), on the reader thread. */
  public synchronized CompletableFuture<Void> nextChange() {
    return nextChange;
  }

  /** Appends a command and waits for the decision every instance takes on it. */
  public Outcome append(CatalogCommand command, Duration timeout) {
    long offset;
    try {
      byte[] key =
          command.getClass().getSimpleName().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      RecordMetadata md =
          producer
              .send(
                  new ProducerRecord<>(partition.topic(), 0, key, json.writeValueAsBytes(command)))
              .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      offset = md.offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, "interrupted", e);
    } catch (ExecutionException | TimeoutException | java.io.IOException e) {
      throw new KinesisException(
          KinesisErrorCode.INTERNAL_FAILURE, "catalog write failed: " + e.getMessage(), e);
    }
    CompletableFuture<Outcome> decided;
    synchronized (this) {
      Outcome known = outcomes.get(offset);
      if (known != null) {
        return known;
      }
      decided = waiting.computeIfAbsent(offset, o -> new CompletableFuture<>());
    }
    return join(decided, timeout, "catalog decision");
  }

  /** Local monotonic time at which this instance first saw the stream's pending reshard. */
  public long reshardSeenNanos(String stream, long beganAt) {
    return reshardSeenNanos.getOrDefault(stream + "@" + beganAt, System.nanoTime());
  }

  private void run() {
    long backoffMs = MIN_BACKOFF_MS;
    while (running) {
      try {
        cycle();
        if (problem != null) {
          recovered();
        }
        backoffMs = MIN_BACKOFF_MS;
      } catch (WakeupException | InterruptException e) {
        if (running) {
          fail("the catalog reader was interrupted", e);
        }
        return;
      } catch (OffsetOutOfRangeException e) {
        // The log is shorter than what this instance applied: Kafka lost acknowledged catalog
        // records (unclean election, or the topic was deleted and recreated). The state here is
        // not one the log can rebuild any more; only a restart, reading the log as it is, helps.
        fail("the catalog log went backwards", e);
        return;
      } catch (KafkaException | CatchUpTimeout e) {
        // Kafka unreachable, a leader moving, an ACL missing: retry with back-off for as long as
        // it takes. Requests meanwhile fail within their timeout; health says WAITING.
        noteProblem(e);
        pause(backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1));
        backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
      } catch (Throwable t) {
        fail("the catalog reader stopped", t);
        return;
      }
    }
  }

  /** One refresh: learn the end offset, apply up to it, then mark the view fresh. */
  private void cycle() throws CatchUpTimeout {
    long cycleStart = System.nanoTime();
    long end = consumer.endOffsets(Set.of(partition), KAFKA_CALL_TIMEOUT).get(partition);
    long position = consumer.position(partition, KAFKA_CALL_TIMEOUT);
    long progressDeadline = System.nanoTime() + KAFKA_CALL_TIMEOUT.toNanos();
    while (running && position < end) {
      applyAll(consumer.poll(pollInterval));
      long now = consumer.position(partition, KAFKA_CALL_TIMEOUT);
      if (now > position) {
        position = now;
        progressDeadline = System.nanoTime() + KAFKA_CALL_TIMEOUT.toNanos();
      } else if (System.nanoTime() - progressDeadline > 0) {
        throw new CatchUpTimeout(
            "no catalog record fetched for "
                + KAFKA_CALL_TIMEOUT.toSeconds()
                + " s at offset "
                + position
                + " of "
                + end);
      }
    }
    markFresh(cycleStart);
    applyAll(consumer.poll(pollInterval));
  }

  /** Fetching stalled: poll() does not throw when the leader is gone, it just returns nothing. */
  private static final class CatchUpTimeout extends Exception {
    CatchUpTimeout(String message) {
      super(message, null, false, false);
    }
  }

  private void noteProblem(Throwable e) {
    long now = System.nanoTime();
    String what = e.getClass().getSimpleName() + ": " + e.getMessage();
    if (problem == null) {
      problemSinceNanos = now;
      lastProblemLogNanos = now;
      log.warn("Catalog reader cannot reach Kafka, retrying: {}", what);
    } else if (now - lastProblemLogNanos > PROBLEM_LOG_INTERVAL.toNanos()) {
      lastProblemLogNanos = now;
      log.warn(
          "Catalog reader still cannot reach Kafka after {} s, retrying: {}",
          TimeUnit.NANOSECONDS.toSeconds(now - problemSinceNanos),
          what);
    }
    problem = what;
  }

  private void recovered() {
    log.info(
        "Catalog reader reached Kafka again after {} ms",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - problemSinceNanos));
    problem = null;
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * How this catalog reader is doing: {@link Health.Status#FAILED} once it stopped for good, {@link
   * Health.Status#WAITING} while it cannot reach Kafka or its view is older than {@code
   * staleAfter}, else serving. Never blocks.
   *
   * @param staleAfter the view age from which the reader counts as waiting
   */
  public Health health(Duration staleAfter) {
    Throwable failed = failure;
    if (failed != null) {
      return Health.failed(failureReason + ": " + failed);
    }
    long ageNanos = System.nanoTime() - freshAsOfNanos;
    String current = problem;
    if (current != null) {
      return Health.waiting(
          "catalog reader cannot reach Kafka for "
              + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - problemSinceNanos)
              + " s: "
              + current);
    }
    if (ageNanos > staleAfter.toNanos()) {
      return Health.waiting(
          "catalog view is " + TimeUnit.NANOSECONDS.toMillis(ageNanos) + " ms old");
    }
    return Health.serving();
  }

  private void applyAll(Iterable<ConsumerRecord<byte[], byte[]>> records) {
    CompletableFuture<Void> changed = null;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      CatalogCommand command;
      try {
        command = json.readValue(record.value(), CatalogCommand.class);
      } catch (java.io.IOException e) {
        log.warn(
            "Skipping unreadable catalog record at offset {}: {}", record.offset(), e.getMessage());
        decide(record.offset(), Outcome.rejected(KinesisErrorCode.INTERNAL_FAILURE, "unreadable"));
        continue;
      }
      CatalogApplier.Result result;
      try {
        result = applier.apply(state, command, record.offset(), record.timestamp());
      } catch (RuntimeException e) {
        // Every instance applies the same log with the same code, so every one fails here alike
        // and skipping keeps them in step; stopping would stop every instance for good.
        log.error(
            "Rejecting catalog command at offset {} that failed to apply", record.offset(), e);
        decide(record.offset(), Outcome.rejected(KinesisErrorCode.INTERNAL_FAILURE, "not applied"));
        continue;
      }
      noteReshards(state, result.state());
      state = result.state();
      changed = decide(record.offset(), result.outcome());
    }
    if (changed != null) {
      changed.complete(null);
    }
  }

  private void noteReshards(CatalogState before, CatalogState after) {
    for (StreamState s : after.streams().values()) {
      if (s.pending() != null) {
        StreamState old = before.stream(s.name());
        if (old == null || old.pending() == null) {
          reshardSeenNanos.putIfAbsent(s.name() + "@" + s.pending().beganAt(), System.nanoTime());
        }
      }
    }
  }

  private synchronized CompletableFuture<Void> decide(long offset, Outcome outcome) {
    outcomes.put(offset, outcome);
    CompletableFuture<Outcome> waiter = waiting.remove(offset);
    if (waiter != null) {
      waiter.complete(outcome);
    }
    CompletableFuture<Void> changed = nextChange;
    nextChange = new CompletableFuture<>();
    return changed;
  }

  private void markFresh(long cycleStart) {
    List<CompletableFuture<Void>> ready = new ArrayList<>();
    synchronized (this) {
      freshAsOfNanos = cycleStart;
      freshWaiters.removeIf(
          w -> {
            if (cycleStart - w.notBeforeNanos() >= 0) {
              ready.add(w.future());
              return true;
            }
            return false;
          });
    }
    ready.forEach(f -> f.complete(null));
  }

  private void fail(String reason, Throwable t) {
    log.error("Catalog reader stopped for good ({}); restart the process", reason, t);
    failureReason = reason;
    failure = t;
    synchronized (this) {
      waiting.values().forEach(f -> f.completeExceptionally(t));
      freshWaiters.forEach(w -> w.future().completeExceptionally(t));
      nextChange.completeExceptionally(t);
    }
  }

  private <T> T join(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, "interrupted", e);
    } catch (TimeoutException e) {
      String current = problem;
      throw new KinesisException(
          KinesisErrorCode.INTERNAL_FAILURE,
          current != null
              ? "Kafka is unreachable (" + what + "), retry later"
              : "timed out waiting for the " + what);
    } catch (ExecutionException e) {
      throw new KinesisException(
          KinesisErrorCode.INTERNAL_FAILURE, "catalog unavailable: " + e.getCause(), e);
    }
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close(Duration.ofSeconds(5));
    producer.close(Duration.ofSeconds(5));
  }
}
