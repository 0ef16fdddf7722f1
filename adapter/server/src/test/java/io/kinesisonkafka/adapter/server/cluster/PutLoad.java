package io.kinesisonkafka.adapter.server.cluster;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * PutRecords from several threads, each with its own AWS SDK v2 sync client (Apache HTTP/1.1, CBOR,
 * the SDK's default retries) and its own partition keys, so that each key's records are
 * acknowledged in the order they were sent. Every record's data is a unique id; what was
 * acknowledged (shard and sequence number), what failed and which ids went out in a call the SDK
 * retried are kept for the read-back checks.
 */
final class PutLoad implements AutoCloseable {
  /** One acknowledged record, in its writer's acknowledgement order. */
  record Ack(String id, String key, String shardId, BigInteger sequenceNumber, long ackNanos) {}

  private final List<Thread> threads = new ArrayList<>();
  private final List<KinesisClient> clients = new ArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Map<Integer, List<Ack>> acksByWriter = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Long> ackTimes = new ConcurrentLinkedQueue<>();
  private final Set<String> idsInRetriedCalls = ConcurrentHashMap.newKeySet();
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong failedCalls = new AtomicLong();
  private final AtomicLong sdkRetries = new AtomicLong();
  private final AtomicLong slowestCallNanos = new AtomicLong();
  private final AtomicReference<Throwable> lastError = new AtomicReference<>();
  private final Map<String, AtomicLong> errorCodes = new ConcurrentHashMap<>();
  private final AtomicReference<Throwable> writerDied = new AtomicReference<>();

  /**
   * Starts {@code writers} threads putting batches of {@code batch} records over {@code keys}
   * partition keys each, with a short pause between calls. With an {@code attemptTimeout}, the SDK
   * gives up an attempt after it and retries (as it does a 500 or 503), so a slow call becomes
   * retries, duplicates and, after the SDK's last attempt, failed records.
   */
  PutLoad(
      URI endpoint,
      String stream,
      int writers,
      int keys,
      int batch,
      Duration pause,
      Duration attemptTimeout) {
    for (int w = 0; w < writers; w++) {
      int writer = w;
      ThreadLocal<int[]> attempts = ThreadLocal.withInitial(() -> new int[1]);
      KinesisClient client =
          KinesisClient.builder()
              .endpointOverride(endpoint)
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
              .httpClientBuilder(ApacheHttpClient.builder().socketTimeout(Duration.ofSeconds(60)))
              .overrideConfiguration(
                  o -> {
                    o.addExecutionInterceptor(new Attempts(attempts));
                    if (attemptTimeout != null) {
                      o.apiCallAttemptTimeout(attemptTimeout);
                    }
                  })
              .build();
      clients.add(client);
      List<Ack> acks = new ArrayList<>();
      acksByWriter.put(writer, acks);
      Thread t =
          new Thread(
              () -> {
                try {
                  run(client, attempts, stream, writer, keys, batch, pause, acks);
                } catch (Throwable e) {
                  writerDied.set(e);
                }
              },
              "put-load-" + w);
      t.setDaemon(true);
      threads.add(t);
    }
  }

  void start() {
    threads.forEach(Thread::start);
  }

  private void run(
      KinesisClient client,
      ThreadLocal<int[]> attempts,
      String stream,
      int writer,
      int keys,
      int batch,
      Duration pause,
      List<Ack> acks)
      throws InterruptedException {
    long n = 0;
    while (!stop.get()) {
      List<PutRecordsRequestEntry> entries = new ArrayList<>(batch);
      List<String> ids = new ArrayList<>(batch);
      for (int j = 0; j < batch; j++, n++) {
        String id = "w" + writer + "-" + n;
        String key = "w" + writer + "-k" + (n % keys);
        ids.add(id);
        entries.add(
            PutRecordsRequestEntry.builder()
                .partitionKey(key)
                .data(SdkBytes.fromUtf8String(id))
                .build());
      }
      attempts.get()[0] = 0;
      long start = System.nanoTime();
      try {
        PutRecordsResponse response = client.putRecords(r -> r.streamName(stream).records(entries));
        long now = System.nanoTime();
        for (int j = 0; j < batch; j++) {
          PutRecordsResultEntry result = response.records().get(j);
          if (result.errorCode() == null) {
            acks.add(
                new Ack(
                    ids.get(j),
                    entries.get(j).partitionKey(),
                    result.shardId(),
                    new BigInteger(result.sequenceNumber()),
                    now));
            ackTimes.add(now);
          } else {
            failed.incrementAndGet();
            errorCodes.computeIfAbsent(result.errorCode(), c -> new AtomicLong()).incrementAndGet();
          }
        }
      } catch (SdkException e) {
        failed.addAndGet(batch);
        failedCalls.incrementAndGet();
        lastError.set(e);
        errorCodes
            .computeIfAbsent(e.getClass().getSimpleName(), c -> new AtomicLong())
            .incrementAndGet();
      }
      written.addAndGet(batch);
      slowestCallNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
      int tries = attempts.get()[0];
      if (tries > 1) {
        sdkRetries.addAndGet(tries - 1);
        idsInRetriedCalls.addAll(ids);
      }
      Thread.sleep(pause.toMillis());
    }
  }

  /** Stops the writers and waits for their last calls, which may take as long as a slow call. */
  void stopAndJoin(Duration timeout) throws InterruptedException {
    stop.set(true);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : threads) {
      t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " is stuck in a call after " + timeout);
      }
    }
    if (writerDied.get() != null) {
      throw new AssertionError("a writer died", writerDied.get());
    }
  }

  /** Every acknowledgement, writer by writer, each writer's in acknowledgement order. */
  List<List<Ack>> acks() {
    List<List<Ack>> all = new ArrayList<>();
    for (int w = 0; w < threads.size(); w++) {
      all.add(List.copyOf(acksByWriter.get(w)));
    }
    return all;
  }

  long acknowledged() {
    return ackTimes.size();
  }

  /** Acknowledgements after {@code nanos} (a System.nanoTime instant). */
  long acknowledgedAfter(long nanos) {
    return ackTimes.stream().filter(t -> t - nanos > 0).count();
  }

  /** The longest time without any acknowledgement between {@code fromNanos} and the last one. */
  long longestAckGapMillis(long fromNanos) {
    long previous = fromNanos;
    long longest = 0;
    for (long t : ackTimes.stream().filter(t -> t - fromNanos > 0).sorted().toList()) {
      longest = Math.max(longest, t - previous);
      previous = t;
    }
    return longest / 1_000_000;
  }

  long written() {
    return written.get();
  }

  long failed() {
    return failed.get();
  }

  long failedCalls() {
    return failedCalls.get();
  }

  long sdkRetries() {
    return sdkRetries.get();
  }

  Set<String> idsInRetriedCalls() {
    return Set.copyOf(idsInRetriedCalls);
  }

  long slowestCallMillis() {
    return slowestCallNanos.get() / 1_000_000;
  }

  Map<String, Long> errorCodes() {
    Map<String, Long> m = new java.util.TreeMap<>();
    errorCodes.forEach((k, v) -> m.put(k, v.get()));
    return m;
  }

  Throwable lastError() {
    return lastError.get();
  }

  @Override
  public void close() {
    stop.set(true);
    clients.forEach(KinesisClient::close);
  }

  /** Counts the attempts of each call; a sync client runs them all on the caller's thread. */
  private record Attempts(ThreadLocal<int[]> attempts) implements ExecutionInterceptor {
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes a) {
      attempts.get()[0]++;
    }
  }
}
