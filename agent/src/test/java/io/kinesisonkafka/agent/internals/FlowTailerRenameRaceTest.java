package io.kinesisonkafka.agent.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.agent.AgentConfig;
import io.kinesisonkafka.agent.FlowConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotations that race with the tailer's listing, as they did in RotationIT on a loaded machine.
 *
 * <ul>
 *   <li>A listing names a file by path, and the tailer opened it by that path later: a rename
 *       rotation in between put the next generation's content under the listed file's identity. The
 *       listed file was never read, and its successor, with "the same head" as the tracked one, was
 *       taken for a copy that was not truncated and skipped (lines lost).
 *   <li>The listing waited for a copytruncated file's records in flight after listing: copies made
 *       meanwhile were found a listing later, after the file had restarted on newer content (lines
 *       out of order).
 * </ul>
 */
class FlowTailerRenameRaceTest {
  @TempDir Path dir;

  /** Records sent, as lines; while {@code hold}, the "b" log's acknowledgements wait. */
  private final List<String> sent = new ArrayList<>();

  private final List<RecordSink.Listener> held = new ArrayList<>();
  private volatile boolean hold;

  @Test
  void aFileRenamedBetweenTheListingAndItsOpeningIsReadWholeAndInOrder() throws Exception {
    Path a = dir.resolve("a/app.log");
    Files.createDirectories(a.getParent());
    append(a, "a", 1, 50);
    FlowTailer tailer = tailer();
    try {
      cycles(tailer, 20);
      assertThat(lines("a")).hasSize(50);
      Files.move(a, a.resolveSibling("app.log.1"), StandardCopyOption.ATOMIC_MOVE);
      append(a, "a", 51, 100);
      // The next listing sees a/app.log (lines 51..100); before the tailer opens it, it is rotated
      // too and a new a/app.log written.
      AtomicBoolean rotated = new AtomicBoolean();
      tailer.afterListing =
          () -> {
            if (rotated.compareAndSet(false, true)) {
              try {
                Files.move(a, a.resolveSibling("app.log.2"), StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(20);
                append(a, "a", 101, 150);
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            }
          };
      cyclesUntil(tailer, "a", 150);
      List<Long> aLines = lines("a");
      System.out.printf(
          "FlowTailerRenameRaceTest (rename): %d lines sent (150 written), rotated under the"
              + " listing: %s%n",
          aLines.size(), rotated.get());
      assertThat(rotated).isTrue();
      assertThat(aLines).as("a's lines, once each, in order").isEqualTo(range(1, 150));
    } finally {
      tailer.close();
    }
  }

  @Test
  void copytruncateRotationsWhileRecordsAreInFlightAreReadInOrder() throws Exception {
    Path b = dir.resolve("b/app.log");
    Files.createDirectories(b.getParent());
    append(b, "b", 1, 50);
    FlowTailer tailer = tailer();
    Thread runner = null;
    try {
      cycles(tailer, 20);
      assertThat(lines("b")).hasSize(50);

      // b's next lines stay in flight; then b is copytruncated.
      hold = true;
      append(b, "b", 51, 60);
      for (int i = 0; i < 200 && heldCount() < 10; i++) {
        tailer.cycle();
        Thread.sleep(2);
      }
      assertThat(heldCount()).isEqualTo(10);
      copytruncate(b, 1);

      // The next cycle waits for b's records in flight; meanwhile b is rotated twice more.
      runner = new Thread(tailer::cycle, "tailer");
      runner.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (runner.getState() != Thread.State.TIMED_WAITING && runner.isAlive()) {
        assertThat(System.nanoTime()).as("the tailer waits for b's records").isLessThan(deadline);
        Thread.onSpinWait();
      }
      assertThat(runner.isAlive()).isTrue();
      append(b, "b", 61, 70);
      copytruncate(b, 2);
      Thread.sleep(20);
      append(b, "b", 71, 80);
      copytruncate(b, 3);
      Thread.sleep(20);
      append(b, "b", 81, 90);
      release();
      runner.join(TimeUnit.SECONDS.toMillis(30));
      assertThat(runner.isAlive()).isFalse();

      cyclesUntil(tailer, "b", 90);
      List<Long> bLines = lines("b");
      System.out.printf(
          "FlowTailerRenameRaceTest (copytruncate): %d lines sent (90 written)%n", bLines.size());
      assertThat(bLines).as("b's lines, once each, in order").isEqualTo(range(1, 90));
    } finally {
      release();
      if (runner != null) {
        runner.join(TimeUnit.SECONDS.toMillis(30));
      }
      tailer.close();
    }
  }

  /** Cycles until {@code n} lines of {@code name} were sent (3 s at most), then a few more. */
  private void cyclesUntil(FlowTailer tailer, String name, int n) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (System.nanoTime() < until && lines(name).size() < n) {
      tailer.cycle();
      Thread.sleep(2);
    }
    cycles(tailer, 20);
  }

  private static void copytruncate(Path file, int k) throws IOException {
    Files.copy(file, file.resolveSibling(file.getFileName() + "." + k));
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
  }

  private FlowTailer tailer() throws IOException {
    Path json = dir.resolve("agent.json");
    Files.writeString(
        json,
        """
        {"checkpointFile": "%s", "kafka.bootstrapServers": "localhost:1",
         "flows": [{"filePattern": "%s", "kinesisStream": "s", "initialPosition": "START_OF_FILE",
                    "maxTimeBetweenFileTrackerRefreshMillis": 1}]}
        """
            .formatted(dir.resolve("checkpoints"), dir.resolve("**/app.log*")));
    FlowConfig flow = AgentConfig.read(json, dir.resolve("agent.d"), Map.of()).flows().get(0);
    RecordSink sink =
        (SendOnlySink)
            (partitionKey, data, listener) -> {
              String line = new String(data, StandardCharsets.UTF_8);
              synchronized (FlowTailerRenameRaceTest.this) {
                sent.add(line);
                if (hold && line.startsWith("b ")) {
                  held.add(listener);
                  return;
                }
              }
              listener.done(null);
            };
    return new FlowTailer(
        flow,
        sink,
        new FlowMetrics(new SimpleMeterRegistry(), flow.id()),
        List.of(),
        Clock.systemUTC(),
        Duration.ofDays(1));
  }

  private static void cycles(FlowTailer tailer, int n) throws InterruptedException {
    for (int i = 0; i < n; i++) {
      tailer.cycle();
      Thread.sleep(2);
    }
  }

  private synchronized int heldCount() {
    return held.size();
  }

  private void release() {
    List<RecordSink.Listener> toAck;
    synchronized (this) {
      hold = false;
      toAck = new ArrayList<>(held);
      held.clear();
    }
    toAck.forEach(l -> l.done(null));
  }

  /** The line numbers of log {@code name} sent, in the order sent. */
  private synchronized List<Long> lines(String name) {
    List<Long> out = new ArrayList<>();
    for (String line : sent) {
      String[] parts = line.trim().split(" ");
      if (parts[0].equals(name)) {
        out.add(Long.parseLong(parts[1]));
      }
    }
    return out;
  }

  private static List<Long> range(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  private static void append(Path file, String name, long from, long to) throws IOException {
    StringBuilder b = new StringBuilder();
    for (long n = from; n <= to; n++) {
      b.append(name).append(' ').append(n).append(" the quick brown fox jumps over the lazy dog\n");
    }
    Files.writeString(
        file,
        b,
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
  }
}
