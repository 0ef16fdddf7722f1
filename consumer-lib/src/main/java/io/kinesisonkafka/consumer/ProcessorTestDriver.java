package io.kinesisonkafka.consumer;

import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.consumer.internals.Checkpoint;
import io.kinesisonkafka.consumer.internals.CheckpointStore;
import io.kinesisonkafka.consumer.internals.FetchedBatch;
import io.kinesisonkafka.consumer.internals.FetchedRecord;
import io.kinesisonkafka.consumer.internals.ShardConsumer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link ShardRecordProcessor} synchronously on one in-memory shard, for users' unit tests
 * (as Kafka ships {@code MockConsumer}): put records, deliver them, end the shard, hand the lease
 * over or lose it, restart from the last checkpoint, and look at the checkpoints made. The same
 * code as the {@link Scheduler} delivers the records and validates the checkpoints (de-aggregation
 * of KPL aggregates, sub-sequence checkpoints, the SHARD_END rule); only Kafka is left out.
 *
 * <pre>{@code
 * ProcessorTestDriver driver = ProcessorTestDriver.create(MyProcessor::new);
 * driver.put("user-1", "hello");
 * driver.deliver();
 * assertThat(driver.checkpoint().sequenceNumber()).isEqualTo(...);
 * }</pre>
 *
 * <p>Not thread-safe: drive it from the test's thread. Processor callbacks run on that thread.
 */
public final class ProcessorTestDriver {
  private static final BigInteger MAX_HASH_KEY =
      BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  private final String streamName;
  private final ShardRecordProcessorFactory factory;
  private final Clock clock;
  private final long creationSeconds;
  private final List<FetchedRecord> log = new ArrayList<>();
  private final List<ExtendedSequenceNumber> checkpoints = new ArrayList<>();
  private final List<ConsumerException> errors = new ArrayList<>();
  private int maxRecords = 10_000;
  private ShardView shard;
  private Checkpoint committed;
  private ShardConsumer current;
  private long position;

  private ProcessorTestDriver(String streamName, ShardRecordProcessorFactory factory, Clock clock) {
    this.streamName = Objects.requireNonNull(streamName, "streamName");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.creationSeconds = clock.millis() / 1000;
    this.shard =
        ShardView.detached(0, List.of(), BigInteger.ZERO, MAX_HASH_KEY, creationSeconds, -1);
  }

  /**
   * A driver for shard {@code shardId-000000000000} of stream {@code test-stream}, on the system
   * clock.
   *
   * @param factory makes the processor, on {@link #start()} and after each lease change
   * @return the driver; no processor is made before the first {@link #start()} or {@link
   *     #deliver()}
   * @throws NullPointerException if {@code factory} is null
   */
  public static ProcessorTestDriver create(ShardRecordProcessorFactory factory) {
    return new ProcessorTestDriver("test-stream", factory, Clock.systemUTC());
  }

  /**
   * A driver for shard {@code shardId-000000000000} of the named stream, whose records get their
   * arrival time from {@code clock}.
   *
   * @param streamName the stream's name, as the processor's factory and initialization see it
   * @param factory makes the processor
   * @param clock gives records their arrival time and the shard its creation time
   * @return the driver
   * @throws NullPointerException if an argument is null
   */
  public static ProcessorTestDriver create(
      String streamName, ShardRecordProcessorFactory factory, Clock clock) {
    return new ProcessorTestDriver(streamName, factory, clock);
  }

  /**
   * Most records per processRecords call, before KPL aggregates are unpacked (default 10,000).
   *
   * @param max at least 1
   * @return this driver
   * @throws IllegalArgumentException if {@code max} is below 1
   */
  public ProcessorTestDriver maxRecords(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("maxRecords must be > 0, but was " + max);
    }
    maxRecords = max;
    return this;
  }

  /**
   * Appends a record (its data UTF-8) to the shard, without explicit hash key.
   *
   * @param partitionKey the record's partition key
   * @param data the record's data, encoded as UTF-8
   * @return its sequence number
   * @throws IllegalStateException if the shard has ended
   */
  public String put(String partitionKey, String data) {
    return put(partitionKey, data.getBytes(StandardCharsets.UTF_8), null);
  }

  /**
   * Appends a record to the shard; {@code data} may be a KPL aggregate (see {@code
   * io.kinesisonkafka.aggregation.AggregatedRecordBuilder}).
   *
   * @param partitionKey the record's partition key
   * @param data the record's data; copied
   * @param explicitHashKey its explicit hash key in decimal, or null
   * @return its sequence number
   * @throws IllegalStateException if the shard has ended
   */
  public String put(String partitionKey, byte[] data, String explicitHashKey) {
    if (shard.isClosed()) {
      throw new IllegalStateException("The shard has ended");
    }
    long now = clock.millis();
    long offset = log.size();
    log.add(
        new FetchedRecord(
            offset,
            now,
            partitionKey.getBytes(StandardCharsets.UTF_8),
            data.clone(),
            explicitHashKey));
    return shard.sequenceNumber(offset, now);
  }

  /**
   * Initializes a processor if none holds the lease, from the last checkpoint (or TRIM_HORIZON):
   * makes it with the factory and calls {@code initialize}. Does nothing if one holds the lease.
   *
   * @return this driver
   */
  public ProcessorTestDriver start() {
    if (current == null) {
      current =
          new ShardConsumer(
              streamName,
              shard,
              factory.shardRecordProcessor(streamName),
              new Store(),
              errors::add);
      position = committed == null ? 0 : committed.offset();
      current.initialize(committed, ExtendedSequenceNumber.TRIM_HORIZON, position, false);
    }
    return this;
  }

  /**
   * Delivers every record not yet delivered, in batches of at most maxRecords, starting a processor
   * first if none holds the lease.
   *
   * @return how many records (before de-aggregation) were delivered
   */
  public int deliver() {
    start();
    int delivered = 0;
    while (position < log.size()) {
      int to = (int) Math.min(log.size(), position + maxRecords);
      List<FetchedRecord> batch = List.copyOf(log.subList((int) position, to));
      position = to;
      current.process(FetchedBatch.of(batch), 0);
      delivered += batch.size();
    }
    return delivered;
  }

  /**
   * Closes the shard after its last record (as a split or merge does), delivers what is left and
   * calls shardEnded. Afterwards no processor holds the lease, and no record can be put.
   *
   * @throws ShardEndNotCheckpointedException if the processor did not checkpoint at SHARD_END
   */
  public void endShard() {
    shard =
        ShardView.detached(
            0, List.of(), BigInteger.ZERO, MAX_HASH_KEY, creationSeconds, log.size());
    start();
    current.update(shard);
    deliver();
    if (!current.endShard()) {
      throw new ShardEndNotCheckpointedException(
          "The processor returned from shardEnded without checkpointing at SHARD_END; call"
              + " input.checkpointer().checkpoint() in shardEnded");
    }
    current.release();
    current = null;
  }

  /**
   * Hands the lease over: shutdownRequested (the processor may checkpoint); then no processor holds
   * the lease. Does nothing if none does.
   */
  public void requestShutdown() {
    if (current != null) {
      current.requestShutdown();
      current = null;
    }
  }

  /**
   * The lease is lost: leaseLost; the processor's checkpoints are refused from now on. Does nothing
   * if no processor holds the lease.
   */
  public void loseLease() {
    if (current != null) {
      current.loseLease();
      current = null;
    }
  }

  /**
   * Fails over: the current processor loses its lease and a new one resumes from the checkpoint.
   * Records delivered after the checkpoint are delivered again by the next {@link #deliver()}.
   *
   * @return this driver
   */
  public ProcessorTestDriver restart() {
    loseLease();
    return start();
  }

  /**
   * The last checkpoint made.
   *
   * @return the last checkpoint, or null if none was made
   */
  public ExtendedSequenceNumber checkpoint() {
    return checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
  }

  /**
   * Every checkpoint made, in order (prepared ones not included).
   *
   * @return an unmodifiable copy
   */
  public List<ExtendedSequenceNumber> checkpoints() {
    return List.copyOf(checkpoints);
  }

  /**
   * What the scheduler would have reported to its error handler (processor exceptions).
   *
   * @return an unmodifiable copy, oldest first
   */
  public List<ConsumerException> errors() {
    return List.copyOf(errors);
  }

  /**
   * The sequence number of the record at this position in the shard.
   *
   * @param index the record's position, 0 for the first record put
   * @return its sequence number
   * @throws IndexOutOfBoundsException if no record was put at that position
   */
  public String sequenceNumberAt(int index) {
    return shard.sequenceNumber(index, log.get(index).timestampMillis());
  }

  private final class Store implements CheckpointStore {
    @Override
    public void commit(long offset, String metadata) {
      Checkpoint c = Checkpoint.parse(offset, metadata);
      committed = c;
      if (c.pending() == null) {
        checkpoints.add(c.extended());
      }
    }
  }
}
