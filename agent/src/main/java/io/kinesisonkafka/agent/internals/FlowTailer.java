package io.kinesisonkafka.agent.internals;

import io.kinesisonkafka.agent.FlowConfig;
import io.kinesisonkafka.agent.internals.Checkpoints.FileCheckpoint;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One flow's tailer: one thread that finds the flow's files, follows each by identity through
 * renames and copytruncate, reads them and sends their records. What it decides about files:
 *
 * <ul>
 *   <li>a new identity under the pattern is read from its start (files present at the very first
 *       start: from {@code initialPosition});
 *   <li>an identity that moved (rename) keeps its position; one that left the pattern (renamed
 *       away, deleted) is read to its end through its open channel, then let go;
 *   <li>a file shorter than its position, or whose first bytes changed, was truncated: once its
 *       records in flight are settled, the rest of its old content is read from its copy (a file in
 *       the same directory that starts with the same bytes), and the file from offset 0;
 *   <li>a failed record makes the file read again from its acknowledged offset, after a backoff.
 * </ul>
 *
 * <p>This class is the loop: it waits while the destination is unavailable, has the {@link
 * FileTracker} refresh the files when due, and reads the {@link TrackedFiles} through the {@link
 * RecordReader} in order (a rotated file before its successor). Which file is which, and where a
 * new one is read from, is decided there and in the {@link CopyDetector}.
 */
final class FlowTailer {
  private static final Logger log = LoggerFactory.getLogger(FlowTailer.class);
  private static final long LET_GO_NANOS = Duration.ofSeconds(3).toNanos();
  private static final long MULTILINE_IDLE_NANOS = Duration.ofSeconds(1).toNanos();

  private final FlowConfig flow;
  private final RecordSink sink;
  private final FlowMetrics metrics;
  private final RecordReader reader;

  /** Read by the checkpoint writer's thread too (see {@link TrackedFiles}). */
  private final TrackedFiles files;

  private final FileTracker tracker;

  // The rest is confined to the flow's tailer thread.

  private long nextRefreshNanos;
  private long sinkRetryNanos;
  private String lastProblem;

  /** Run between a listing and the decisions on it: tests rotate files there. */
  Runnable afterListing = () -> {};

  FlowTailer(
      FlowConfig flow,
      RecordSink sink,
      FlowMetrics metrics,
      List<FileCheckpoint> checkpoints,
      Clock clock,
      Duration checkpointTtl) {
    this.flow = flow;
    this.sink = sink;
    this.metrics = metrics;
    FileFinder finder = new FileFinder(flow.filePattern());
    this.reader = new RecordReader(flow, sink, metrics, this::failed);
    this.files = new TrackedFiles(flow, metrics, finder, checkpoints, clock, checkpointTtl);
    this.tracker = new FileTracker(flow, metrics, finder, files, clock, () -> afterListing.run());
  }

  FlowConfig flow() {
    return flow;
  }

  /**
   * One pass: refresh the file list when due, then read every file as far as it goes. Returns
   * whether anything was read (the caller sleeps {@code minTimeBetweenFilePollsMillis} if not).
   */
  boolean cycle() {
    long now = System.nanoTime();
    if (!destinationAvailable(now)) {
      return false;
    }
    if (now >= nextRefreshNanos) {
      tracker.refresh();
      nextRefreshNanos = System.nanoTime() + flow.maxTimeBetweenFileTrackerRefresh().toNanos();
    }
    return readAll();
  }

  /**
   * Back-pressure at start: whether the destination takes records. Until it does, it is asked again
   * every {@code retryMaxBackoff}, and nothing is read.
   */
  private boolean destinationAvailable(long now) {
    if (now < sinkRetryNanos) {
      return sinkRetryNanos == Long.MAX_VALUE;
    }
    String problem = sink.unavailable();
    if (problem != null) {
      if (!problem.equals(lastProblem)) {
        log.warn("{}: waiting: {}", flow.id(), problem);
        lastProblem = problem;
      }
      sinkRetryNanos = now + flow.retryMaxBackoff().toNanos();
      return false;
    }
    if (lastProblem != null) {
      log.info("{}: destination available again", flow.id());
      lastProblem = null;
    }
    sinkRetryNanos = Long.MAX_VALUE;
    return true;
  }

  /** Reads every tracked file in order, lets go of those done; whether anything was read. */
  private boolean readAll() {
    boolean progress = false;
    List<TrackedFile> order = new ArrayList<>(files.all());
    // Rotated files (no longer under the pattern) first, then the oldest: a log's older part is
    // sent before its newer part.
    order.sort(Comparator.comparing((TrackedFile f) -> f.listed).thenComparingLong(f -> f.order));
    long behind = 0;
    int filesBehind = 0;
    Set<Path> unfinishedDirs = new HashSet<>();
    for (TrackedFile f : order) {
      // A rotated file and its successor share a directory: the successor waits until the rotated
      // one is read to its end, so a log's lines go out in order.
      Path dir = f.path.getParent();
      if (!unfinishedDirs.contains(dir)) {
        progress |= readFile(f);
        if (!f.caughtUp) {
          unfinishedDirs.add(dir);
        }
      }
      try {
        long lag = f.size() - f.position;
        if (lag > 0) {
          behind += lag;
          filesBehind++;
        }
      } catch (IOException e) {
        // reported by readFile
      }
      letGoIfDone(f);
    }
    metrics.bytesBehind.set(behind);
    metrics.filesBehind.set(filesBehind);
    metrics.filesTracked.set(files.size());
    return progress;
  }

  private boolean readFile(TrackedFile f) {
    long now = System.nanoTime();
    if (f.window.failed()) {
      rewindFailed(f, now);
      return false;
    }
    if (now < f.retryAtNanos || f.truncatedSeen) {
      f.caughtUp = false;
      return false;
    }
    boolean progress = false;
    f.caughtUp = false;
    try {
      for (int chunks = 0; chunks < 16; chunks++) {
        long before = f.position;
        RecordReader.Result r = reader.readChunk(f);
        progress |= f.position != before;
        if (f.position != before) {
          f.backoffMillis = f.window.inFlight() == 0 ? 0 : f.backoffMillis;
        }
        if (r == RecordReader.Result.TRUNCATED) {
          // Handled by the next listing, which orders the truncated file after any copy and any
          // newer file of its directory.
          f.truncatedSeen = true;
          nextRefreshNanos = 0;
          return progress;
        }
        if (r == RecordReader.Result.CAUGHT_UP) {
          f.caughtUp = true;
          break;
        }
      }
      if (f.pending != null && now - f.lastGrowthNanos > MULTILINE_IDLE_NANOS) {
        reader.flushIdle(f, f.position);
      }
    } catch (IOException e) {
      if (stopping(e)) {
        log.debug("{}: stopped while reading {}", flow.id(), f);
        return progress;
      }
      metrics.fileErrors.increment();
      log.warn("{}: cannot read {}: {}; retrying", flow.id(), f, e.toString());
      f.retryAtNanos = now + flow.retryMaxBackoff().toNanos();
    }
    return progress;
  }

  /**
   * Records of {@code f} failed: once none is in flight, {@code f} is read again from its
   * acknowledged offset, after a backoff that doubles up to {@code retryMaxBackoff}.
   */
  private void rewindFailed(TrackedFile f, long now) {
    f.caughtUp = false;
    if (f.window.inFlight() > 0) {
      return;
    }
    long from = f.window.reset();
    f.backoffMillis =
        Math.min(
            flow.retryMaxBackoff().toMillis(),
            f.backoffMillis == 0 ? flow.retryInitialBackoff().toMillis() : f.backoffMillis * 2);
    f.retryAtNanos = now + Duration.ofMillis(f.backoffMillis).toNanos();
    log.warn(
        "{}: {}: records failed ({}); reading again from offset {} in {} ms",
        flow.id(),
        f,
        f.lastFailure,
        from,
        f.backoffMillis);
    f.position = from;
    f.pending = null;
    f.skippingLongLine = false;
    f.finished = false;
  }

  /**
   * Whether {@code e} is the agent stopping: only its close() interrupts a tailer, and an interrupt
   * closes a file channel in the middle of an operation (the interrupt stays set, so the tailer's
   * loop ends). Not a file the agent cannot read.
   */
  static boolean stopping(IOException e) {
    return e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted();
  }

  /** A file no longer under the pattern is closed once read to its end and acknowledged. */
  private void letGoIfDone(TrackedFile f) {
    if (f.listed || f.window.inFlight() > 0 || f.pending != null) {
      return;
    }
    try {
      if (f.size() > f.position && !f.finished) {
        return;
      }
    } catch (IOException e) {
      // unreadable: let it go below
    }
    if (System.nanoTime() - f.lastGrowthNanos < LET_GO_NANOS || f.window.acked() < f.position) {
      return;
    }
    files.untrack(f);
    f.close();
    log.info("{}: {} was read to its end and left the pattern: no longer tracked", flow.id(), f);
  }

  /** Called on a producer's thread when a record of {@code f} failed. */
  private void failed(TrackedFile f, Throwable error) {
    String reason = StreamSink.describe(error);
    f.lastFailure = reason;
    if (log.isDebugEnabled()) {
      log.debug("{}: a record of {} failed: {}", flow.id(), f, reason);
    }
  }

  /** The flow's checkpoints now (called by the checkpoint writer's thread). */
  List<FileCheckpoint> checkpoints() {
    return files.checkpoints();
  }

  void close() {
    files.close();
  }
}
