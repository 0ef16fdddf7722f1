package io.kinesisonkafka.adapter.catalog;

import io.kinesisonkafka.adapter.internals.kafka.CatalogLog;
import io.kinesisonkafka.adapter.internals.kafka.KafkaSettings;
import io.kinesisonkafka.adapter.internals.kafka.TopicAdmin;
import io.kinesisonkafka.adapter.internals.state.StreamState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A read-only view of the stream catalog, for the libraries that read and write Kinesis streams
 * straight from Kafka (producer-lib, consumer-lib, firehose-bridge): which topic holds a stream,
 * its shards and their lineage, hash key ranges, which shards are open, frozen by a reshard or
 * closed at an end offset, and the sequence numbers of records.
 *
 * <p>One thread ("catalog-reader") reads the catalog topic from its start and keeps the view
 * current; every method here is thread-safe and lock-free on the read side. Futures complete on
 * that thread: keep their callbacks short.
 *
 * <p>Writers that must not lose records across a split or merge follow the protocol of DESIGN.md
 * section 3 through {@link ReshardSafeWrites#of(StreamCatalog)}, which routes only with a view
 * known fresh, holds records whose shard is {@linkplain ShardView#isFrozen() frozen}, and re-checks
 * a record acknowledged later than the fast-ack bound. The bounds come from the {@link
 * CatalogSettings} and must be those of the servers that reshard (the defaults are).
 *
 * <p>Open with {@link #open(CatalogSettings)} and close when done: it holds a Kafka producer, a
 * consumer, an admin client and the reader thread.
 */
public final class StreamCatalog implements AutoCloseable {
  private static final AtomicInteger INSTANCES = new AtomicInteger();
  private static final Duration STALE_AFTER = Duration.ofSeconds(5);

  private final CatalogSettings settings;
  private final TopicAdmin topics; // null for a view over() the engine's own log
  private final CatalogLog log;
  private final ConcurrentHashMap<String, StreamView> views = new ConcurrentHashMap<>();

  private StreamCatalog(CatalogSettings settings, TopicAdmin topics, CatalogLog log) {
    this.settings = settings;
    this.topics = topics;
    this.log = log;
  }

  /**
   * Opens the catalog of the cluster {@code settings} names (bootstrap servers, any Kafka client
   * property, topic prefix, catalog topic), creating the catalog topic if this is the cluster's
   * first client, and returns once the view holds every command written before the call. Blocks the
   * caller.
   *
   * @param settings the cluster and bounds; the catalog keeps them
   * @return the open catalog; close it when done
   * @throws io.kinesisonkafka.adapter.errors.KinesisException if Kafka cannot be reached within the
   *     settings' request timeout
   */
  public static StreamCatalog open(CatalogSettings settings) {
    KafkaSettings kafka =
        new KafkaSettings(settings, "kinesis-catalog-" + INSTANCES.incrementAndGet());
    TopicAdmin topics =
        new TopicAdmin(kafka, settings.replicationFactor(), settings.requestTimeout());
    try {
      return new StreamCatalog(settings, topics, CatalogLog.open(kafka, topics, settings));
    } catch (RuntimeException e) {
      topics.close();
      throw e;
    }
  }

  /**
   * How the catalog reader is doing: {@linkplain Health.Status#SERVING serving}; {@linkplain
   * Health.Status#WAITING waiting} while it cannot reach Kafka or its view is more than five
   * seconds old (it retries with back-off for as long as the outage lasts and serves again by
   * itself); {@linkplain Health.Status#FAILED failed} once it stopped for good (the catalog log
   * went backwards, or an error no retry helps with), when only reopening the catalog helps. Never
   * blocks; meant for a library's own health check.
   *
   * @return the reader's health, with what is wrong in its detail
   */
  public Health health() {
    return log.health(STALE_AFTER);
  }

  /**
   * The settings the catalog was opened with.
   *
   * @return the settings given to {@link #open} (or {@link #over})
   */
  public CatalogSettings settings() {
    return settings;
  }

  /**
   * A view of the catalog an engine already reads, for the engine's own writer: closing it leaves
   * the log open. Not for libraries (they {@link #open} theirs); it takes an engine internal.
   *
   * @param settings the engine's catalog settings
   * @param log the engine's catalog log, which stays the engine's to close
   * @return a view over {@code log}
   */
  public static StreamCatalog over(CatalogSettings settings, CatalogLog log) {
    return new StreamCatalog(settings, null, log);
  }

  /**
   * The stream as the current view has it; empty when it does not exist (or not yet).
   *
   * @param name the stream's name
   * @return the stream's view, a snapshot that does not change
   */
  public Optional<StreamView> stream(String name) {
    return Optional.ofNullable(view(name));
  }

  /** Like {@link #stream} without an Optional: for paths taken per record. */
  StreamView view(String name) {
    StreamState state = log.stream(name);
    if (state == null) {
      views.remove(name);
      return null;
    }
    StreamView view = views.get(name);
    if (view == null || view.state() != state) {
      view = new StreamView(state, topicOf(name));
      views.put(name, view);
    }
    return view;
  }

  /** What {@link ReshardSafeWrites} reads. */
  ReshardSafeWrites.CatalogFeed feed() {
    return new ReshardSafeWrites.CatalogFeed() {
      @Override
      public long freshAsOfNanos() {
        return log.freshAsOfNanos();
      }

      @Override
      public StreamView view(String stream) {
        return StreamCatalog.this.view(stream);
      }

      @Override
      public CompletableFuture<Void> whenFreshAsOf(long nanoTime) {
        return log.whenFresh(nanoTime);
      }

      @Override
      public CompletableFuture<Void> nextChange() {
        return StreamCatalog.this.nextChange();
      }
    };
  }

  /**
   * The Kafka topic that holds a stream's records.
   *
   * @param stream the stream's name; need not exist
   * @return the topic prefix followed by the name
   */
  public String topicOf(String stream) {
    return settings.topicPrefix() + stream;
  }

  /**
   * The stream a topic holds, or empty when the topic is not a stream's.
   *
   * @param topic a Kafka topic name
   * @return the stream's name, going by the topic prefix only (the stream need not exist)
   */
  public Optional<String> streamOf(String topic) {
    String prefix = settings.topicPrefix();
    return topic.startsWith(prefix) && topic.length() > prefix.length()
        ? Optional.of(topic.substring(prefix.length()))
        : Optional.empty();
  }

  /**
   * The {@link System#nanoTime()} as of which the view is known complete: every command
   * acknowledged before it is in the view (read this before {@link #stream}, then the stream is at
   * least that fresh).
   *
   * @return the instant, on the {@link System#nanoTime()} clock
   */
  public long freshAsOfNanos() {
    return log.freshAsOfNanos();
  }

  /**
   * Whether the view holds every command acknowledged more than the freshness bound ago.
   *
   * @return true while the view is within the freshness bound
   */
  public boolean isFresh() {
    return System.nanoTime() - log.freshAsOfNanos() <= settings.catalogFreshness().toNanos();
  }

  /**
   * Completes when the view is within the freshness bound: at once when it already is, else on the
   * reader thread. Completes exceptionally if the reader stopped.
   *
   * @return a future of no value
   */
  public CompletableFuture<Void> whenFresh() {
    long now = System.nanoTime();
    long bound = settings.catalogFreshness().toNanos();
    if (now - log.freshAsOfNanos() <= bound) {
      return CompletableFuture.completedFuture(null);
    }
    return log.whenFresh(now - bound);
  }

  /**
   * Completes once the view holds every command acknowledged before {@code nanoTime}.
   *
   * @param nanoTime an instant on the {@link System#nanoTime()} clock
   * @return a future of no value, completed on the reader thread (or at once)
   */
  public CompletableFuture<Void> whenFreshAsOf(long nanoTime) {
    return log.whenFresh(nanoTime);
  }

  /**
   * Completes on the next change of any stream (on the reader thread); share it, don't complete.
   *
   * @return a new future of no value, each call its own
   */
  public CompletableFuture<Void> nextChange() {
    return log.nextChange().copy();
  }

  /**
   * How long after its routing decision a record's acknowledgement needs no re-check.
   *
   * @return the settings' {@link CatalogSettings#fastAckBound()}
   */
  public Duration fastAckBound() {
    return settings.fastAckBound();
  }

  /**
   * How stale a view may be and still route records.
   *
   * @return the settings' {@link CatalogSettings#catalogFreshness()}
   */
  public Duration freshness() {
    return settings.catalogFreshness();
  }

  /**
   * Stops the reader thread and closes the Kafka clients, waiting a few seconds for each. Views
   * already handed out stay readable; they no longer change.
   */
  @Override
  public void close() {
    if (topics == null) {
      return; // over(): the engine closes its log
    }
    log.close();
    topics.close();
  }
}
