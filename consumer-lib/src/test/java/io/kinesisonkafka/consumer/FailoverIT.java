package io.kinesisonkafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.model.StreamRef;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three workers, one in a child JVM killed with SIGKILL mid-stream, while the stream is split and
 * merged: every record processed, each key in order, duplicates only where the killed worker had
 * processed records past its last checkpoint.
 */
class FailoverIT {
  static TestStreams streams;

  @BeforeAll
  static void start() {
    streams = new TestStreams();
  }

  @AfterAll
  static void stop() {
    streams.close();
  }

  record Line(String kind, String worker, String shardId, String key, int value, long nanos) {
    static Line parse(String s) {
      String[] f = s.split(" ");
      return f[0].equals("R")
          ? new Line("R", f[1], f[2], f[3], Integer.parseInt(f[4]), Long.parseLong(f[5]))
          : new Line(f[0], f[1], f[2], null, -1, Long.parseLong(f[3]));
    }
  }

  @Test
  void aKilledWorkersShardsAreTakenOverWithoutLosingOrReorderingARecord() throws Exception {
    StreamRef stream = streams.create("failover", 4);
    String app = "failover";
    ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
    SchedulerConfig a = streams.scheduler(app, "failover").workerId("a").build();
    SchedulerConfig b = SchedulerConfig.from(a).workerId("b").build();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger rounds = new AtomicInteger();
    int keys = 40;
    long killedAt;
    Thread writer = streams.writer(stream, keys, stop, rounds);
    // The victim first, alone: a JVM of its own is slow to start on a loaded machine (this wait is
    // not what the test measures), and once it holds every shard the survivors' joining takes
    // some from it by a rebalance, which the test then also goes through.
    Process victim = startVictim(app, lines);
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(150))
          .until(
              () -> {
                if (!victim.isAlive()) {
                  throw new AssertionError("the victim JVM exited: " + victim.exitValue());
                }
                return count(lines, "R victim") > 100;
              });
    } catch (Throwable e) {
      stop.set(true);
      victim.destroyForcibly();
      throw e;
    }
    try (Scheduler first = Scheduler.start(a, FailoverWorkerMain.factory("a", 1, lines::add));
        Scheduler second = Scheduler.start(b, FailoverWorkerMain.factory("b", 1, lines::add))) {
      long joined = System.nanoTime();
      // Both survivors got shards from the victim, and the victim still processes the ones it kept.
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  count(lines, "R a ") > 0
                      && count(lines, "R b ") > 0
                      && parse(lines).stream()
                          .anyMatch(
                              l ->
                                  l.kind().equals("R")
                                      && l.worker().equals("victim")
                                      && l.nanos() > joined));
      // Split a shard a survivor holds (the victim keeps what it holds: its shards are the ones the
      // kill is about) and, after the kill, merge two others.
      int split = survivorShard(parse(lines));
      streams.engine.splitShard(
          stream,
          shardId(split),
          BigInteger.valueOf(split)
              .shiftLeft(126)
              .add(BigInteger.ONE.shiftLeft(125))
              .toString()); // the middle of shard `split` of 4
      streams.awaitActive("failover");
      Thread.sleep(1000);
      // Kill when the victim has processed records past its last checkpoint on a shard it holds,
      // so the takeover has something to process again. It checkpoints every fifth batch; told to
      // hold, it checkpoints no more after a batch, so nothing between this wait and the kill can
      // take those records back (a lease it loses moves them from the lower bound to the upper).
      victim.getOutputStream().write("hold\n".getBytes(StandardCharsets.UTF_8));
      victim.getOutputStream().flush();
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(50))
          .until(
              () ->
                  count(lines, "H victim") > 0
                      && uncheckpointed(parse(lines), Long.MAX_VALUE).held() > 0);
      victim.destroyForcibly(); // SIGKILL
      killedAt = System.nanoTime();
      victim.waitFor(10, TimeUnit.SECONDS);
      int merged = split < 2 ? 2 : 0;
      streams.engine.mergeShards(stream, shardId(merged), shardId(merged + 1));
      streams.awaitActive("failover");
      Thread.sleep(8000);
      stop.set(true);
      writer.join();
      int total = keys * rounds.get();
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> distinct(parse(lines)) == total);
    } finally {
      stop.set(true);
      victim.destroyForcibly();
    }
    List<Line> all = parse(lines);
    Map<String, List<Integer>> byKey = new LinkedHashMap<>();
    for (Line l : all) {
      if (l.kind().equals("R")) {
        byKey.computeIfAbsent(l.key(), k -> new ArrayList<>()).add(l.value());
      }
    }
    int duplicates = KeyOrder.assertCompleteAndOrdered(byKey, keys, rounds.get());

    // Every duplicate is a record the victim processed first (past its last checkpoint).
    Map<String, String> firstBy = new HashMap<>();
    int duplicatesOfVictim = 0;
    for (Line l : all) {
      if (!l.kind().equals("R")) {
        continue;
      }
      String id = l.key() + "/" + l.value();
      String first = firstBy.putIfAbsent(id, l.worker());
      if (first != null) {
        assertThat(first).as("first processor of duplicate %s", id).isEqualTo("victim");
        duplicatesOfVictim++;
      }
    }
    assertThat(duplicatesOfVictim).isEqualTo(duplicates);
    // What the victim processed past its last checkpoint on the shards it held when killed must
    // come again; at most, so does what it left uncheckpointed on shards it lost before.
    Uncheckpointed expected = uncheckpointed(all, killedAt);
    assertThat(expected.all()).isPositive();
    assertThat(duplicates).isBetween(expected.held(), expected.all());

    // Failover: from the kill to the first record of one of the victim's shards processed by a
    // survivor.
    Set<String> victimShards = new HashSet<>();
    for (Line l : all) {
      if (l.worker().equals("victim") && l.nanos() < killedAt) {
        if (l.kind().equals("I")) {
          victimShards.add(l.shardId());
        } else if (l.kind().equals("E")) {
          victimShards.remove(l.shardId());
        }
      }
    }
    assertThat(victimShards).isNotEmpty();
    long takenOver =
        all.stream()
            .filter(l -> l.kind().equals("R") && !l.worker().equals("victim"))
            .filter(l -> l.nanos() > killedAt && victimShards.contains(l.shardId()))
            .mapToLong(Line::nanos)
            .min()
            .orElseThrow();
    double failoverSeconds = (takenOver - killedAt) / 1e9;
    System.out.printf(
        "failover: %d records (%d keys x %d rounds), %d duplicates (all first processed by the"
            + " killed worker, which had left %d..%d past its checkpoints), victim's shards %s"
            + " taken over %.2f s after SIGKILL (failover time %d s)%n",
        keys * rounds.get(),
        keys,
        rounds.get(),
        duplicates,
        expected.held(),
        expected.all(),
        victimShards,
        failoverSeconds,
        a.failoverTime().toSeconds());
    assertThat(failoverSeconds).isLessThan(a.failoverTime().toSeconds() + 4.0);
  }

  /**
   * Records the victim processed past its last checkpoint before {@code until}: at least {@code
   * held} on the shards it still held (a checkpoint it had begun counts as done), at most {@code
   * all} in all its holdings including leases it lost (a checkpoint it had begun counts as not
   * done).
   */
  record Uncheckpointed(int held, int all) {}

  private static Uncheckpointed uncheckpointed(List<Line> all, long until) {
    Map<String, Integer> atLeast = new HashMap<>(); // shard -> records since its last checkpoint
    Map<String, Integer> atMost = new HashMap<>();
    int lost = 0;
    for (Line l : all) {
      if (!l.worker().equals("victim") || l.nanos() >= until) {
        continue;
      }
      switch (l.kind()) {
        case "I", "C" -> {
          atLeast.put(l.shardId(), 0);
          atMost.put(l.shardId(), 0);
        }
        case "c" -> atLeast.put(l.shardId(), 0);
        case "R" -> {
          atLeast.merge(l.shardId(), 1, Integer::sum);
          atMost.merge(l.shardId(), 1, Integer::sum);
        }
        case "E" -> {
          atLeast.remove(l.shardId());
          Integer left = atMost.remove(l.shardId());
          lost += left == null ? 0 : left;
        }
        default -> throw new IllegalStateException(l.kind());
      }
    }
    int held = atLeast.values().stream().mapToInt(Integer::intValue).sum();
    int heldAtMost = atMost.values().stream().mapToInt(Integer::intValue).sum();
    return new Uncheckpointed(held, heldAtMost + lost);
  }

  /** One of the stream's first four shards that a survivor holds now. */
  private static int survivorShard(List<Line> all) {
    Map<String, String> holder = new HashMap<>();
    for (Line l : all) {
      if (l.kind().equals("I")) {
        holder.put(l.shardId(), l.worker());
      } else if (l.kind().equals("E")) {
        holder.remove(l.shardId(), l.worker());
      }
    }
    for (int i = 0; i < 4; i++) {
      String w = holder.get(shardId(i));
      if (w != null && !w.equals("victim")) {
        return i;
      }
    }
    throw new AssertionError("no shard held by a survivor: " + holder);
  }

  private static String shardId(int index) {
    return String.format("shardId-%012d", index);
  }

  private static long count(ConcurrentLinkedQueue<String> lines, String prefix) {
    long n = 0;
    for (String chunk : lines) {
      int i = chunk.startsWith(prefix) ? 0 : chunk.indexOf("\n" + prefix);
      while (i >= 0) {
        n++;
        i = chunk.indexOf("\n" + prefix, i + 1);
      }
    }
    return n;
  }

  private static long distinct(List<Line> all) {
    return all.stream()
        .filter(l -> l.kind().equals("R"))
        .map(l -> l.key() + "/" + l.value())
        .distinct()
        .count();
  }

  private static List<Line> parse(ConcurrentLinkedQueue<String> lines) {
    List<Line> all = new ArrayList<>();
    for (String chunk : lines) {
      for (String s : chunk.split("\n")) {
        if (s.startsWith("R ")
            || s.startsWith("I ")
            || s.startsWith("C ")
            || s.startsWith("c ")
            || s.startsWith("E ")) {
          all.add(Line.parse(s));
        }
      }
    }
    all.sort(Comparator.comparingLong(Line::nanos));
    return all;
  }

  private static Process startVictim(String app, ConcurrentLinkedQueue<String> lines)
      throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    Process p =
        new ProcessBuilder(
                java,
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                FailoverWorkerMain.class.getName(),
                streams.bootstrap,
                streams.namespace,
                app,
                "failover",
                "victim",
                "5")
            .redirectErrorStream(true)
            .start();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String s; (s = r.readLine()) != null; ) {
                  if (s.startsWith("R ")
                      || s.startsWith("I ")
                      || s.startsWith("C ")
                      || s.startsWith("c ")
                      || s.startsWith("E ")
                      || s.startsWith("H ")) {
                    lines.add(s);
                  } else {
                    System.out.println("victim> " + s);
                  }
                }
              } catch (Exception e) {
                // the process died
              }
            },
            "victim-stdout");
    reader.setDaemon(true);
    reader.start();
    return p;
  }
}
