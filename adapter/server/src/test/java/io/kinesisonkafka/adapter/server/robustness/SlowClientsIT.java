package io.kinesisonkafka.adapter.server.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import io.netty.handler.codec.http2.Http2FrameStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Slow clients cannot starve others: a connection that sends a byte at a time, an HTTP/2 client
 * that opens many streams and never reads, a SubscribeToShard reader that stops reading. Each is
 * cut off after its setting's time while an SDK client keeps being served.
 */
class SlowClientsIT {
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
  private static final int MAX_STREAMS = 8;

  /** Generous: a loaded 2-core machine; the settings above are what is measured. */
  private static final Duration SLACK = Duration.ofSeconds(15);

  private static KinesisServer server;
  private static KinesisClient kinesis;

  @BeforeAll
  static void start() {
    server =
        TestServers.start(
            "slow-clients",
            Map.of(
                Setting.HTTP_REQUEST_TIMEOUT_SECONDS, "" + REQUEST_TIMEOUT.toSeconds(),
                Setting.HTTP_WRITE_TIMEOUT_SECONDS, "" + WRITE_TIMEOUT.toSeconds(),
                Setting.HTTP2_MAX_CONCURRENT_STREAMS, "" + MAX_STREAMS));
    kinesis = Raw.sdk(server);
    SdkStreams.createActive(kinesis, "slow", 1);
  }

  @AfterAll
  static void stop() {
    kinesis.close();
    server.close();
  }

  @Test
  void aClientSendingAByteAtATimeIsCutOffWhileOthersAreServed() throws Exception {
    byte[] request =
        ("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-amz-json-1.1\r\n"
                + "X-Amz-Target: Kinesis_20131202.ListStreams\r\nContent-Length: 2\r\n\r\n{}")
            .getBytes(StandardCharsets.US_ASCII);
    try (Served others = Served.start(kinesis)) {
      long start = System.nanoTime();
      int sent = 0;
      boolean closed = false;
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(200);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        while (sent < request.length && !closed) {
          try {
            out.write(request[sent++]);
            out.flush();
          } catch (SocketException e) {
            closed = true;
            break;
          }
          try {
            closed = in.read() < 0; // the server answers nothing, or closes
          } catch (java.net.SocketTimeoutException e) {
            // a byte every ~200 ms: 5 bytes a second, the whole request takes ~25 s
          } catch (SocketException e) {
            closed = true;
          }
          if (Duration.ofNanos(System.nanoTime() - start).compareTo(REQUEST_TIMEOUT.plus(SLACK))
              > 0) {
            break;
          }
        }
      }
      Duration cutOff = Duration.ofNanos(System.nanoTime() - start);
      Served.Figures f = others.stop();
      System.out.printf(
          "SlowClientsIT byte-at-a-time: cut off after %d ms having sent %d of %d bytes"
              + " (http.request.timeout.seconds=%d); meanwhile %d SDK calls, %d failed, slowest %d ms%n",
          cutOff.toMillis(),
          sent,
          request.length,
          REQUEST_TIMEOUT.toSeconds(),
          f.calls(),
          f.failures(),
          f.slowestMillis());
      assertThat(closed).as("the server closed the trickling connection").isTrue();
      assertThat(cutOff).isBetween(REQUEST_TIMEOUT.minusMillis(200), REQUEST_TIMEOUT.plus(SLACK));
      assertThat(sent).isLessThan(request.length);
      f.assertServed();
    }
  }

  @Test
  void anHttp2StreamTricklingItsBodyIsReset() throws Exception {
    try (RawH2 h2 = new RawH2(server.port(), 65535)) {
      long start = System.nanoTime();
      Http2FrameStream stream = h2.post("ListStreams", new byte[] {'{'}, false);
      while (h2.events(stream).isEmpty()
          && Duration.ofNanos(System.nanoTime() - start).compareTo(REQUEST_TIMEOUT.plus(SLACK))
              < 0) {
        Thread.sleep(200);
        if (h2.events(stream).isEmpty()) {
          try {
            h2.data(stream, new byte[] {' '}, false);
          } catch (RuntimeException e) {
            break; // the stream is gone
          }
        }
      }
      Duration reset = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf(
          "SlowClientsIT h2 trickle: stream events %s after %d ms; connection %s%n",
          h2.events(stream), reset.toMillis(), h2.isOpen() ? "open" : "closed");
      Awaitility.await().atMost(SLACK).until(() -> !h2.events(stream).isEmpty());
      assertThat(h2.events(stream)).containsExactly("reset 8"); // CANCEL
      assertThat(reset).isBetween(REQUEST_TIMEOUT.minusMillis(200), REQUEST_TIMEOUT.plus(SLACK));
      assertThat(h2.isOpen()).as("only the stream is reset, not the connection").isTrue();
    }
  }

  @Test
  void anHttp2ClientThatOpensManyStreamsAndNeverReadsIsBoundedAndCutOff() throws Exception {
    try (Served others = Served.start(kinesis);
        RawH2 h2 = new RawH2(server.port(), 0)) { // lets no byte of any answer through
      long start = System.nanoTime();
      // As many streams as the server's SETTINGS_MAX_CONCURRENT_STREAMS allows, none of them read.
      List<Http2FrameStream> opened = new ArrayList<>();
      for (int i = 0; i < MAX_STREAMS; i++) {
        opened.add(h2.post("ListShards", utf8("{\"StreamName\":\"slow\"}"), true));
      }
      try {
        Awaitility.await()
            .atMost(WRITE_TIMEOUT.plus(SLACK))
            .until(() -> opened.stream().allMatch(s -> h2.events(s).contains("reset 8")));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "not all reset: " + h2.events + " connection " + h2.connectionEvents, e);
      }
      Duration cutOff = Duration.ofNanos(System.nanoTime() - start);
      Served.Figures f = others.stop();
      long answered = opened.stream().filter(s -> h2.events(s).contains("headers 200")).count();
      System.out.printf(
          "SlowClientsIT h2 never reads: %d streams opened (http2.max.concurrent.streams=%d),"
              + " %d answered headers, all reset after %d ms (http.write.timeout.seconds=%d);"
              + " meanwhile %d SDK calls, %d failed, slowest %d ms%n",
          opened.size(),
          MAX_STREAMS,
          answered,
          cutOff.toMillis(),
          WRITE_TIMEOUT.toSeconds(),
          f.calls(),
          f.failures(),
          f.slowestMillis());
      assertThat(cutOff).isGreaterThanOrEqualTo(WRITE_TIMEOUT.minusMillis(200));
      for (Http2FrameStream s : opened) {
        assertThat(h2.events(s))
            .as("stream %d", s.id())
            .startsWith("headers 200")
            .endsWith("reset 8");
      }
      f.assertServed();
    }
  }

  @Test
  void aSubscribeToShardReaderThatStopsReadingIsCutOffAndItsSubscriptionReleased()
      throws Exception {
    String streamArn =
        kinesis
            .describeStreamSummary(r -> r.streamName("slow"))
            .streamDescriptionSummary()
            .streamARN();
    String consumerArn =
        kinesis
            .registerStreamConsumer(r -> r.streamARN(streamArn).consumerName("stalled"))
            .consumer()
            .consumerARN();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                kinesis
                    .describeStreamConsumer(r -> r.consumerARN(consumerArn))
                    .consumerDescription()
                    .consumerStatusAsString()
                    .equals("ACTIVE"));
    String subscribe =
        "{\"ConsumerARN\":\""
            + consumerArn
            + "\",\"ShardId\":\"shardId-000000000000\",\"StartingPosition\":{\"Type\":\"TRIM_HORIZON\"}}";
    try (Served others = Served.start(kinesis);
        RawH2 h2 = new RawH2(server.port(), 4096)) {
      long start = System.nanoTime();
      Http2FrameStream stream = h2.post("SubscribeToShard", utf8(subscribe), true);
      byte[] data = new byte[1024];
      int put = 0;
      while (!h2.events(stream).contains("reset 8")
          && Duration.ofNanos(System.nanoTime() - start).compareTo(WRITE_TIMEOUT.plus(SLACK)) < 0) {
        kinesis.putRecord(
            r -> r.streamName("slow").partitionKey("k").data(SdkBytes.fromByteArray(data)));
        put++;
        Thread.sleep(20);
      }
      Duration cutOff = Duration.ofNanos(System.nanoTime() - start);
      Served.Figures f = others.stop();
      System.out.printf(
          "SlowClientsIT stalled SubscribeToShard: %d records of 1 KiB put, reader took 4 KiB,"
              + " stream %s after %d ms (http.write.timeout.seconds=%d);"
              + " meanwhile %d SDK calls, %d failed, slowest %d ms%n",
          put,
          h2.events(stream),
          cutOff.toMillis(),
          WRITE_TIMEOUT.toSeconds(),
          f.calls(),
          f.failures(),
          f.slowestMillis());
      assertThat(h2.events(stream)).startsWith("headers 200").endsWith("reset 8");
      f.assertServed();
    }
    // The stalled subscription was let go: the same consumer can subscribe to the shard again.
    try (RawH2 again = new RawH2(server.port(), 1 << 20)) {
      Http2FrameStream stream = again.post("SubscribeToShard", utf8(subscribe), true);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> again.events(stream).stream().anyMatch(e -> e.startsWith("data")));
      System.out.printf("SlowClientsIT resubscribed: %s%n", again.events(stream));
      assertThat(again.events(stream)).startsWith("headers 200");
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** An SDK client calling ListStreams and PutRecord in a loop, timing each call. */
  static final class Served implements AutoCloseable {
    record Figures(long calls, long failures, long slowestMillis, List<String> errors) {
      void assertServed() {
        assertThat(errors).as("SDK calls that failed").isEmpty();
        assertThat(calls).isPositive();
        assertThat(slowestMillis).as("slowest SDK call, ms").isLessThan(10_000);
      }
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong slowest = new AtomicLong();
    private final List<String> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    private CompletableFuture<Void> done;

    static Served start(KinesisClient kinesis) {
      Served s = new Served();
      s.done =
          CompletableFuture.runAsync(
              () -> {
                while (s.running.get()) {
                  long t = System.nanoTime();
                  try {
                    kinesis.listStreams();
                    kinesis.putRecord(
                        r ->
                            r.streamName("slow")
                                .partitionKey("other")
                                .data(SdkBytes.fromUtf8String("served")));
                  } catch (RuntimeException e) {
                    s.errors.add(e.toString());
                  }
                  s.calls.addAndGet(2);
                  s.slowest.accumulateAndGet(
                      TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t), Math::max);
                  try {
                    Thread.sleep(50);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              s.thread);
      return s;
    }

    Figures stop() {
      running.set(false);
      done.join();
      return new Figures(calls.get(), errors.size(), slowest.get(), List.copyOf(errors));
    }

    @Override
    public void close() {
      running.set(false);
      thread.shutdownNow();
    }
  }
}
