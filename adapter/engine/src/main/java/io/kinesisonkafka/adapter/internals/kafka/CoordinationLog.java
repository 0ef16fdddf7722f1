package io.kinesisonkafka.adapter.internals.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.state.CoordinationRecord;
import io.kinesisonkafka.adapter.internals.state.CoordinationState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server instances on one Kafka cluster tell each other, through a single-partition topic
 * next to the catalog ({@code <catalog topic>.coordination}) that every instance reads from a few
 * minutes back and applies in log order with {@link CoordinationState}: heartbeats (who is alive
 * and which shards' limits it is using) and SubscribeToShard claims. No instance is special and no
 * system besides Kafka is involved.
 *
 * <p>Bounds, with the heartbeat interval H (1 s), the expiry E (10 s), the reader's lag L (normally
 * tens of milliseconds; subscriptions end when it exceeds {@link #STALE_AFTER}):
 *
 * <ul>
 *   <li>Claims: a claim is decided in log order on the broker's timestamps, identically on every
 *       instance, so at most one claim per consumer and shard wins in any 5 s. A takeover (a claim
 *       5 s or more after the holder's) ends the old subscription when its instance reads the
 *       winning claim: both may deliver an event for at most L (bounded by {@link #STALE_AFTER}). A
 *       dead instance's claim needs no expiry: after 5 s any claim takes it over.
 *   <li>Shares: an instance takes 1/n of a shard's limit, n being the live instances that used that
 *       limit within the last 10 s (itself included). When an instance starts using a shard, the
 *       others learn it within H + L; until then the shard may take up to (1 + 1/n) of its limit.
 *       When an instance dies or stops using a shard, the others keep its share free for up to E
 *       (or 10 s of disuse): the shard is then under-used, never over-used.
 * </ul>
 *
 * <p>Threads: "coordination-reader" owns the consumer and the state, retries Kafka errors with
 * back-off and never stops on them; "coordination-heartbeat" sends heartbeats. Both end on {@link
 * #close()}; an unexpected error stops the reader and is reported by {@link #failure()}.
 */
public final class CoordinationLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CoordinationLog.class);

  /** How often an instance says it is alive. */
  public static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

  /** An instance not heard of for this long (in log time) is gone. */
  public static final Duration EXPIRY = Duration.ofSeconds(10);

  /** A limit not used for this long is no longer announced as used. */
  static final Duration USE_WINDOW = Duration.ofSeconds(10);

  /** How far back a starting reader begins: far more than EXPIRY and a takeover, plus skew. */
  static final Duration LOOK_BACK = Duration.ofMinutes(10);

  /** A view older than this cannot vouch for a claim: subscriptions relying on it end. */
  public static final Duration STALE_AFTER = Duration.ofSeconds(10);

  private static final Duration POLL = Duration.ofMillis(100);
  private static final Duration KAFKA_CALL = Duration.ofSeconds(5);
  private static final int KEPT_DECISIONS = 4096;

  private final String instance = UUID.randomUUID().toString();
  private final TopicPartition partition;
  private final KafkaProducer<byte[], byte[]> producer;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Thread reader;
  private final ScheduledExecutorService heartbeats;

  // Confined to the reader thread.
  private final CoordinationState state = new CoordinationState(EXPIRY.toMillis());

  private volatile Map<String, Integer> otherUsers = Map.of();
  private volatile int liveInstances = 1;
  private volatile long freshAsOfNanos = System.nanoTime() - (1L << 62);
  private volatile boolean running = true;
  private volatile Throwable failure;

  /** Throttle keys this instance used, with when it last did (System.nanoTime). */
  private final ConcurrentHashMap<String, Long> using = new ConcurrentHashMap<>();

  /** Subscription keys this instance holds. */
  private final ConcurrentHashMap<String, Claim> held = new ConcurrentHashMap<>();

  // Guarded by "this": decisions on recent offsets, and callers waiting for theirs or for
  // freshness.
  private final Map<Long, Boolean> decided =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
          return size() > KEPT_DECISIONS;
        }
      };
  private final Map<Long, CompletableFuture<Boolean>> waiting = new HashMap<>();
  private final List<CompletableFuture<Void>> freshWaiters = new ArrayList<>();

  CoordinationLog(KafkaSettings kafka, String topic) {
    this.partition = new TopicPartition(topic, 0);
    this.producer = new KafkaProducer<>(kafka.producer("coordination-writer", 1024 * 1024));
    this.consumer = new KafkaConsumer<>(kafka.reader("coordination-reader", 1000, 100));
    this.reader = new Thread(this::run, "coordination-reader");
    this.reader.setDaemon(true);
    this.heartbeats =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "coordination-heartbeat");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Creates the topic if needed, announces this instance and reads the log to its end; closes what
   * it opened when that fails.
   *
   * @throws KinesisException INTERNAL_FAILURE if Kafka does not answer within {@code timeout}
   */
  public static CoordinationLog open(
      KafkaSettings kafka, TopicAdmin topics, String topic, Duration timeout) {
    TopicAdmin.retryAtStart(timeout, () -> topics.ensureCoordinationTopic(topic));
    CoordinationLog coordination = new CoordinationLog(kafka, topic);
    try {
      coordination.start(timeout);
      return coordination;
    } catch (RuntimeException e) {
      coordination.close();
      throw e;
    }
  }

  /** The coordination topic that goes with a catalog topic. */
  public static String topicFor(String catalogTopic) {
    return catalogTopic + ".coordination";
  }

  private void start(Duration timeout) {
    consumer.assign(Set.of(partition));
    seekLookBack();
    long startNanos = System.nanoTime();
    heartbeat();
    reader.start();
    heartbeats.scheduleAtFixedRate(
        this::heartbeat,
        HEARTBEAT_INTERVAL.toMillis(),
        HEARTBEAT_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    CompletableFuture<Void> fresh;
    synchronized (this) {
      fresh = new CompletableFuture<>();
      if (freshAsOfNanos - startNanos >= 0) {
        fresh.complete(null);
      } else {
        freshWaiters.add(fresh);
      }
    }
    join(fresh, timeout, "coordination log");
  }

  /** This instance's id in the log. */
  public String instance() {
    return instance;
  }

  /** Live instances, this one included once its first heartbeat is read back. */
  public int liveInstances() {
    return liveInstances;
  }

  /** Why the reader stopped, or null while it runs. */
  public Throwable failure() {
    return failure;
  }

  /** Whether the view includes everything appended more than {@code bound} ago. */
  public boolean freshWithin(Duration bound) {
    return System.nanoTime() - freshAsOfNanos <= bound.toNanos();
  }

  /**
   * This instance's share (0 &lt; share &le; 1) of the limit named {@code key}, and notes that it
   * uses it. Cheap: two hash lookups.
   */
  public double share(String key) {
    using.put(key, System.nanoTime());
    Integer others = otherUsers.get(key);
    return others == null ? 1.0 : 1.0 / (1 + others);
  }

  /**
   * Claims the subscription {@code key} for this instance, as decided in log order by every
   * instance.
   *
   * @param onTakenOver run (on the reader thread) when a later claim takes the key over
   * @throws KinesisException RESOURCE_IN_USE when another claim holds the key, INTERNAL_FAILURE
   *     when the log cannot be written or read within {@code timeout}
   */
  public Claim claim(String key, Runnable onTakenOver, Duration timeout) {
    Claim claim = new Claim(key, UUID.randomUUID().toString(), onTakenOver);
    long offset = send(new CoordinationRecord.Claim(key, instance, claim.claimId), timeout);
    CompletableFuture<Boolean> decision;
    synchronized (this) {
      Boolean known = decided.get(offset);
      decision =
          known != null
              ? CompletableFuture.completedFuture(known)
              : waiting.computeIfAbsent(offset, o -> new CompletableFuture<>());
    }
    if (!join(decision, timeout, "claim decision")) {
      throw KinesisErrorCode.RESOURCE_IN_USE.exception(
          "Another active subscription exists for %s.", key);
    }
    held.put(key, claim);
    return claim;
  }

  /** A subscription key held by this instance. */
  public final class Claim {
    private final String key;
    private final String claimId;
    private final Runnable onTakenOver;

    private Claim(String key, String claimId, Runnable onTakenOver) {
      this.key = key;
      this.claimId = claimId;
      this.onTakenOver = onTakenOver;
    }

    /** Frees the key for other claims at once; does not wait. */
    public void release() {
      if (held.remove(key, this)) {
        sendAsync(new CoordinationRecord.Release(key, claimId));
      }
    }
  }

  private void run() {
    long backoffMillis = 100;
    while (running) {
      try {
        long cycleStart = System.nanoTime();
        long end = consumer.endOffsets(Set.of(partition), KAFKA_CALL).get(partition);
        while (running && consumer.position(partition, KAFKA_CALL) < end) {
          applyAll(consumer.poll(POLL));
        }
        markFresh(cycleStart);
        applyAll(consumer.poll(POLL));
        backoffMillis = 100;
      } catch (WakeupException e) {
        // close(): the loop condition ends the thread
      } catch (InvalidOffsetException e) {
        log.warn("Coordination log: {}; reading from {} back", e.getMessage(), LOOK_BACK);
        seekLookBack();
      } catch (KafkaException e) {
        log.warn(
            "Coordination log unavailable, retrying in {} ms: {}", backoffMillis, e.toString());
        sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 2000);
      } catch (RuntimeException | Error e) {
        log.error("Coordination reader stopped", e);
        failure = e;
        failWaiters(e);
        return;
      }
    }
  }

  private void applyAll(Iterable<ConsumerRecord<byte[], byte[]>> records) {
    boolean changed = false;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      CoordinationRecord r;
      try {
        r = json.readValue(record.value(), CoordinationRecord.class);
      } catch (IOException e) {
        log.warn(
            "Skipping unreadable coordination record at {}: {}", record.offset(), e.toString());
        decide(record.offset(), false);
        continue;
      }
      CoordinationState.Decision d = state.apply(r, record.timestamp());
      if (r instanceof CoordinationRecord.Claim c && d.won()) {
        Claim local = held.get(c.key());
        if (local != null && !local.claimId.equals(c.claimId()) && held.remove(c.key(), local)) {
          local.onTakenOver.run();
        }
      }
      changed |= r instanceof CoordinationRecord.Heartbeat;
      decide(record.offset(), d.won());
    }
    if (changed) {
      state.prune();
      otherUsers = Map.copyOf(state.usersOtherThan(instance));
      liveInstances = Math.max(1, state.liveInstances());
    }
  }

  private void heartbeat() {
    try {
      long now = System.nanoTime();
      using.values().removeIf(t -> now - t > USE_WINDOW.toNanos());
      sendAsync(new CoordinationRecord.Heartbeat(instance, List.copyOf(using.keySet()), false));
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: keep beating, say why this one failed.
      log.warn("Coordination heartbeat not sent: {}", e.toString());
    }
  }

  private long send(CoordinationRecord record, Duration timeout) {
    try {
      return producer
          .send(toRecord(record))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, "interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new KinesisException(
          KinesisErrorCode.INTERNAL_FAILURE, "coordination write failed: " + e, e);
    }
  }

  /** Best effort: a lost release or heartbeat only delays what the next one or an expiry does. */
  private void sendAsync(CoordinationRecord record) {
    try {
      producer.send(
          toRecord(record),
          (md, e) -> {
            if (e != null) {
              log.debug("Coordination record not written: {}", e.toString());
            }
          });
    } catch (KafkaException | IllegalStateException e) {
      // Closed, or the buffer is full while Kafka is away.
      log.debug("Coordination record not sent: {}", e.toString());
    }
  }

  private ProducerRecord<byte[], byte[]> toRecord(CoordinationRecord record) {
    try {
      return new ProducerRecord<>(
          partition.topic(),
          0,
          instance.getBytes(StandardCharsets.UTF_8),
          json.writeValueAsBytes(record));
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialize " + record, e);
    }
  }

  private void seekLookBack() {
    long from = System.currentTimeMillis() - LOOK_BACK.toMillis();
    OffsetAndTimestamp at =
        consumer.offsetsForTimes(Map.of(partition, from), KAFKA_CALL).get(partition);
    if (at == null) {
      consumer.seekToEnd(Set.of(partition));
    } else {
      consumer.seek(partition, at.offset());
    }
  }

  private synchronized void decide(long offset, boolean won) {
    decided.put(offset, won);
    CompletableFuture<Boolean> waiter = waiting.remove(offset);
    if (waiter != null) {
      waiter.complete(won);
    }
  }

  private void markFresh(long cycleStart) {
    List<CompletableFuture<Void>> ready;
    synchronized (this) {
      freshAsOfNanos = cycleStart;
      ready = List.copyOf(freshWaiters);
      freshWaiters.clear();
    }
    ready.forEach(f -> f.complete(null));
  }

  private synchronized void failWaiters(Throwable t) {
    waiting.values().forEach(f -> f.completeExceptionally(t));
    waiting.clear();
    freshWaiters.forEach(f -> f.completeExceptionally(t));
    freshWaiters.clear();
  }

  private static <T> T join(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KinesisException(KinesisErrorCode.INTERNAL_FAILURE, "interrupted", e);
    } catch (TimeoutException e) {
      throw new KinesisException(
          KinesisErrorCode.INTERNAL_FAILURE, "timed out waiting for the " + what);
    } catch (ExecutionException e) {
      throw new KinesisException(
          KinesisErrorCode.INTERNAL_FAILURE, what + " unavailable: " + e.getCause(), e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Says this instance is leaving (so its shares are free at once) and stops both threads. */
  @Override
  public void close() {
    if (!running) {
      return;
    }
    heartbeats.shutdownNow();
    try {
      producer
          .send(toRecord(new CoordinationRecord.Heartbeat(instance, List.of(), true)))
          .get(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      log.debug("Leaving heartbeat not written: {}", e.toString());
    }
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
