package io.kinesisonkafka.firehose;

import static io.kinesisonkafka.firehose.FirehoseErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.firehose.FirehoseErrorCode.RESOURCE_IN_USE;
import static io.kinesisonkafka.firehose.FirehoseErrorCode.RESOURCE_NOT_FOUND;

import io.kinesisonkafka.adapter.catalog.Health;
import io.kinesisonkafka.firehose.internals.DeliveryStreams;
import io.kinesisonkafka.firehose.internals.DeliveryStreams.Entry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Firehose delivery streams on Kafka: create them, put records into DirectPut ones, and let the
 * bridge deliver every delivery stream's records to its destination, Kafka holding them until the
 * destination has them.
 *
 * <p><b>Threads.</b> Thread-safe. Each delivery stream delivers on its own thread ({@code
 * firehose-delivery-<name>}); put futures complete on the Kafka producer's I/O thread.
 *
 * <p><b>Exceptions.</b> {@link FirehoseException} with Firehose's error codes, as the API answers
 * them.
 *
 * <p><b>Lifetime.</b> {@link #start} reads the delivery streams from the catalog topic, creates or
 * updates those of the configured file that differ, and starts delivering; {@link #close()} stops.
 * Records buffered or being delivered at close are delivered by the next start, to the same object
 * names.
 */
public final class FirehoseBridge implements AutoCloseable {
  static final int MAX_RECORD_BYTES = 1_000 * 1024;
  static final int MAX_BATCH_RECORDS = 500;
  static final long MAX_BATCH_BYTES = 4L * 1024 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final BridgeConfig config;
  private final DeliveryStreams streams;

  private FirehoseBridge(BridgeConfig config, DeliveryStreams streams) {
    this.config = config;
    this.streams = streams;
  }

  /**
   * How the bridge is doing: serving; waiting while Kafka cannot be reached (its delivery streams'
   * catalog and delivery loops retry by themselves and resume from the committed offsets); failed
   * once one of them stopped for good, when only a restart helps. Never blocks.
   *
   * @return the worst health of the bridge's parts
   */
  public Health health() {
    return streams.health();
  }

  /** Starts a bridge: reads the catalog, creates the file's delivery streams, starts delivering. */
  public static FirehoseBridge start(BridgeConfig config) {
    List<DeliveryStreamConfig> fromFile =
        config.deliveryStreamsFile() == null
            ? List.of()
            : DeliveryStreamsFile.read(config.deliveryStreamsFile());
    DeliveryStreams streams = DeliveryStreams.start(config, TIMEOUT);
    try {
      for (DeliveryStreamConfig c : fromFile) {
        Entry existing = streams.find(c.name());
        if (existing == null || !existing.config().equals(c)) {
          streams.put(c, existing != null);
        }
      }
    } catch (RuntimeException e) {
      streams.close();
      throw e;
    }
    return new FirehoseBridge(config, streams);
  }

  public BridgeConfig config() {
    return config;
  }

  /**
   * Creates a delivery stream; it is ACTIVE when this returns.
   *
   * @throws FirehoseException RESOURCE_IN_USE if one of that name exists
   */
  public DeliveryStreamDescription create(DeliveryStreamConfig stream) {
    if (streams.find(stream.name()) != null) {
      throw RESOURCE_IN_USE.exception(
          "Firehose %s under account %s already exists.", stream.name(), config.account());
    }
    return describe(streams.put(stream, false));
  }

  /** Deletes a delivery stream: delivery stops, its DirectPut topic and records go. */
  public void delete(String name) {
    entry(name);
    streams.delete(name);
  }

  public DeliveryStreamDescription describe(String name) {
    return describe(entry(name));
  }

  private DeliveryStreamDescription describe(Entry e) {
    return new DeliveryStreamDescription(
        e.config(), arn(e.config().name()), "ACTIVE", e.created(), e.version());
  }

  /** The names of the delivery streams, sorted. */
  public List<String> list() {
    return streams.names();
  }

  /** Firehose's ARN of a delivery stream. */
  public String arn(String name) {
    return "arn:aws:firehose:"
        + config.region()
        + ":"
        + config.account()
        + ":deliverystream/"
        + name;
  }

  /**
   * Appends a record to a DirectPut delivery stream.
   *
   * @return completes with the record id once the record is durable in Kafka
   */
  public CompletableFuture<String> putRecord(String name, byte[] data) {
    Entry e = directPut(name);
    checkSize(data);
    return streams.append(e, List.of(data)).get(0);
  }

  /** Appends up to 500 records (4 MiB); each future completes as {@link #putRecord}'s. */
  public List<CompletableFuture<String>> putRecordBatch(String name, List<byte[]> records) {
    Entry e = directPut(name);
    if (records.isEmpty() || records.size() > MAX_BATCH_RECORDS) {
      throw INVALID_ARGUMENT.exception(
          "A batch holds 1 to %d records, but this one held %d.",
          MAX_BATCH_RECORDS, records.size());
    }
    long total = 0;
    for (byte[] r : records) {
      checkSize(r);
      total += r.length;
    }
    if (total > MAX_BATCH_BYTES) {
      throw INVALID_ARGUMENT.exception(
          "A batch holds at most 4 MiB of data, but this one held %d bytes.", total);
    }
    return streams.append(e, records);
  }

  private static void checkSize(byte[] data) {
    if (data == null) {
      throw INVALID_ARGUMENT.exception("Record data must not be null.");
    }
    if (data.length > MAX_RECORD_BYTES) {
      throw INVALID_ARGUMENT.exception(
          "Record size %d exceeds the limit of %d bytes.", data.length, MAX_RECORD_BYTES);
    }
  }

  private Entry directPut(String name) {
    Entry e = entry(name);
    if (!(e.config().source() instanceof Source.DirectPut)) {
      throw INVALID_ARGUMENT.exception(
          "This operation is not permitted on KinesisStreamAsSource delivery stream type.");
    }
    return e;
  }

  private Entry entry(String name) {
    Entry e = name == null ? null : streams.find(name);
    if (e == null) {
      throw RESOURCE_NOT_FOUND.exception(
          "Firehose %s under account %s not found.", name, config.account());
    }
    return e;
  }

  /** Adds or replaces tags. */
  public void tag(String name, Map<String, String> tags) {
    DeliveryStreamConfig.Builder b = entry(name).config().toBuilder();
    tags.forEach(b::tag);
    streams.put(b.build(), true);
  }

  /** Removes tags. */
  public void untag(String name, List<String> keys) {
    DeliveryStreamConfig.Builder b = entry(name).config().toBuilder();
    keys.forEach(b::untag);
    streams.put(b.build(), true);
  }

  public Map<String, String> tags(String name) {
    return entry(name).config().tags();
  }

  /** Stops delivering and closes the Kafka clients; nothing buffered is lost (see class doc). */
  @Override
  public void close() {
    streams.close();
  }
}
