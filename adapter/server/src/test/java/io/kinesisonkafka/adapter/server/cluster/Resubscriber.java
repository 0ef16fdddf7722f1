package io.kinesisonkafka.adapter.server.cluster;

import io.kinesisonkafka.adapter.server.cluster.ReadBack.Read;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * SubscribeToShard on one shard as the KCL does it: from TRIM_HORIZON, and whenever a subscription
 * ends or fails (other than at the shard's end), again after the last continuation sequence number
 * it was given, half a second later.
 */
final class Resubscriber implements AutoCloseable {
  private static final ScheduledExecutorService RETRY =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "resubscribe");
            t.setDaemon(true);
            return t;
          });

  private final KinesisAsyncClient kinesis;
  private final String consumerArn;
  private final String shardId;
  private final List<Read> received = new ArrayList<>();
  private final Map<String, AtomicLong> endings = new ConcurrentHashMap<>();
  private final AtomicInteger subscriptions = new AtomicInteger();
  private final AtomicLong lastEventNanos = new AtomicLong(System.nanoTime());
  private final AtomicLong longestEventGapNanos = new AtomicLong();
  private volatile String continuation;
  private volatile boolean closed;

  Resubscriber(KinesisAsyncClient kinesis, String consumerArn, String shardId) {
    this.kinesis = kinesis;
    this.consumerArn = consumerArn;
    this.shardId = shardId;
  }

  void start() {
    lastEventNanos.set(System.nanoTime());
    subscribe();
  }

  private void subscribe() {
    if (closed) {
      return;
    }
    subscriptions.incrementAndGet();
    String after = continuation;
    SubscribeToShardResponseHandler handler =
        SubscribeToShardResponseHandler.builder()
            .subscriber(
                SubscribeToShardResponseHandler.Visitor.builder()
                    .onSubscribeToShardEvent(this::onEvent)
                    .build())
            .build();
    kinesis
        .subscribeToShard(
            r ->
                r.consumerARN(consumerArn)
                    .shardId(shardId)
                    .startingPosition(
                        p -> {
                          if (after == null) {
                            p.type(ShardIteratorType.TRIM_HORIZON);
                          } else {
                            p.type(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
                          }
                        }),
            handler)
        .whenComplete(
            (v, e) -> {
              String why = e == null ? "completed" : rootCause(e).getClass().getSimpleName();
              endings.computeIfAbsent(why, k -> new AtomicLong()).incrementAndGet();
              if (!closed) {
                RETRY.schedule(this::subscribe, 500, TimeUnit.MILLISECONDS);
              }
            });
  }

  private void onEvent(SubscribeToShardEvent e) {
    long now = System.nanoTime();
    synchronized (received) {
      for (Record r : e.records()) {
        received.add(
            new Read(
                shardId,
                new BigInteger(r.sequenceNumber()),
                r.partitionKey(),
                r.data().asUtf8String()));
      }
      if (!e.records().isEmpty()) {
        longestEventGapNanos.accumulateAndGet(now - lastEventNanos.get(), Math::max);
        lastEventNanos.set(now);
      }
    }
    if (e.continuationSequenceNumber() != null) {
      continuation = e.continuationSequenceNumber();
    }
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  List<Read> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  int subscriptions() {
    return subscriptions.get();
  }

  /** How subscriptions ended: "completed" or the root cause's class, with counts. */
  Map<String, Long> endings() {
    Map<String, Long> m = new java.util.TreeMap<>();
    endings.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  /** The longest time between two events that carried records, from the first. */
  long longestGapMillis() {
    return longestEventGapNanos.get() / 1_000_000;
  }

  @Override
  public void close() {
    closed = true;
  }
}
