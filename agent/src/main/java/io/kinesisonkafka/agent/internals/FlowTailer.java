package io.kinesisonkafka.agent.internals;

import io.kinesisonkafka.agent.FlowConfig;
import io.kinesisonkafka.agent.internals.Checkpoints.FileCheckpoint;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
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
 */
final class FlowTailer {
  private static final Logger log = LoggerFactory.getLogger(FlowTailer.class);
  private static final long COPY_WAIT_NANOS = Duration.ofSeconds(10).toNanos();
  private static final long LET_GO_NANOS = Duration.ofSeconds(3).toNanos();
  private static final long MULTILINE_IDLE_NANOS = Duration.ofSeconds(1).toNanos();

  private final FlowConfig flow;
  private final RecordSink sink;
  private final FlowMetrics metrics;
  private final FileFinder finder;
  private final RecordReader reader;
  private final Clock clock;
  private final Duration checkpointTtl;
  private final Map<FileId, TrackedFile> files = new ConcurrentHashMap<>();

  /** Copies of a tracked file seen before its truncation: id to (source, first seen). */
  private final Map<FileId, Parked> parked = new HashMap<>();

  /** Checkpoints of files not found (yet): kept until their time to live. */
  private final Map<String, FileCheckpoint> orphans = new ConcurrentHashMap<>();

  private boolean firstRun;
  private long previousListingMillis = Long.MAX_VALUE;

  /** Reading order of files in a directory: a rotated file before its successor. */
  private long nextOrder;

  private boolean searchedOrphans;
  private long nextRefreshNanos;
  private long sinkRetryNanos;
  private String lastProblem;
  private final Map<Path, String> reportedUnreadable = new HashMap<>();

  /** Run between a listing and the decisions on it: tests rotate files there. */
  Runnable afterListing = () -> {};

  /** A copy's path, source, the source's position then, the head they shared, first seen. */
  private record Parked(
      Path path,
      TrackedFile source,
      long sourcePosition,
      int headLength,
      long headHash,
      long seenNanos) {}

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
    this.clock = clock;
    this.checkpointTtl = checkpointTtl;
    this.finder = new FileFinder(flow.filePattern());
    this.reader = new RecordReader(flow, sink, metrics, this::failed);
    this.firstRun = checkpoints == null;
    if (checkpoints != null) {
      for (FileCheckpoint c : checkpoints) {
        orphans.put(c.id(), c);
      }
    }
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
    if (now >= sinkRetryNanos) {
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
    } else if (sinkRetryNanos != Long.MAX_VALUE) {
      return false;
    }
    if (now >= nextRefreshNanos) {
      refresh();
      nextRefreshNanos = System.nanoTime() + flow.maxTimeBetweenFileTrackerRefresh().toNanos();
    }
    boolean progress = false;
    List<TrackedFile> order = new ArrayList<>(files.values());
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
      f.caughtUp = false;
      if (f.window.inFlight() > 0) {
        return false;
      }
      long from = f.window.reset();
      f.backoffMillis =
          Math.min(
              flow.retryMaxBackoff().toMillis(),
              f.backoffMillis == 0 ? flow.retryInitialBackoff().toMillis() : f.backoffMillis * 2);
      f.retryAtNanos = now + Duration.ofMillis(f.backoffMillis).toNanos();
      log.warn(
          "{}: {}: records failed; reading again from offset {} in {} ms",
          flow.id(),
          f,
          from,
          f.backoffMillis);
      f.position = from;
      f.pending = null;
      f.skippingLongLine = false;
      f.finished = false;
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

  /** Whether {@code f} is shorter than what was read of it, or its first bytes changed. */
  private static boolean isTruncated(TrackedFile f) {
    try {
      return f.truncatedSeen || f.size() < f.position || f.headChanged();
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * {@code t} was truncated: once its records in flight are settled, the rest of its old content is
   * read from its copy, which takes {@code t}'s place in the reading order. Returns false if
   * records are still in flight (the next listing tries again).
   */
  private boolean truncated(TrackedFile t) throws IOException {
    if (!settled(t)) {
      return false;
    }
    long copyFrom = t.window.reset();
    TrackedFile copy = findCopy(t, copyFrom);
    if (copy != null) {
      copy.order = t.order;
      log.info(
          "{}: {} was truncated (copytruncate); its copy {} is read from offset {}",
          flow.id(),
          t,
          copy,
          copyFrom);
    } else if (copyFrom < t.knownSize) {
      log.warn(
          "{}: {} was truncated at offset {} and no copy of it was found: bytes {}..{} of it, if"
              + " any, were not sent",
          flow.id(),
          t,
          copyFrom,
          copyFrom,
          t.knownSize);
    } else {
      log.info("{}: {} was truncated; reading it again from its start", flow.id(), t);
    }
    return true;
  }

  /** Waits (30 s at most) until no record of {@code t} is in flight; whether none is. */
  private static boolean settled(TrackedFile t) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (t.window.inFlight() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** A truncated file starts over, after every file of its directory known now. */
  private void startOver(TrackedFile t) throws IOException {
    t.order = nextOrder++;
    t.truncatedSeen = false;
    t.restart(flow.skipHeaderLines());
    t.knownSize = t.size();
    t.lastGrowthNanos = System.nanoTime();
  }

  private TrackedFile findCopy(TrackedFile t, long from) {
    List<Path> candidates = new ArrayList<>();
    parked.forEach(
        (id, p) -> {
          if (p.source() == t) {
            candidates.add(p.path());
          }
        });
    Path dir = t.path.getParent();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(Files::isRegularFile).forEach(candidates::add);
    } catch (IOException e) {
      log.warn("{}: cannot list {} to find the copy of {}: {}", flow.id(), dir, t, e.toString());
    }
    TrackedFile best = null;
    long bestModified = Long.MIN_VALUE;
    for (Path p : candidates) {
      try {
        FileId id = FileId.of(p);
        if (id.equals(t.id) || files.containsKey(id)) {
          continue;
        }
        long modified = Files.getLastModifiedTime(p).toMillis();
        FileChannel ch = FileId.open(id, p);
        if (ch == null) {
          continue; // renamed or deleted since
        }
        boolean kept = false;
        try {
          if (ch.size() < from || !t.sameHead(ch) || modified < bestModified) {
            continue;
          }
          if (best != null) {
            best.close();
          }
          best = new TrackedFile(id, p, ch, from, 0);
          kept = true;
          best.lastModifiedMillis = modified;
          bestModified = modified;
        } finally {
          if (!kept) {
            closeQuietly(ch);
          }
        }
      } catch (IOException e) {
        // gone or unreadable: not the copy
      }
    }
    if (best != null) {
      parked.remove(best.id);
      best.listed = finder.matches(best.path);
      files.put(best.id, best);
    }
    return best;
  }

  /** Lists the pattern's files and reconciles them with the tracked ones. */
  private void refresh() {
    // A truncated file's records in flight settle before the listing, not after: the wait lasted
    // seconds under load, and decisions taken on a listing older than that missed the copies and
    // new files of the rotations in between (a copytruncated log restarted on content newer than
    // copies not listed yet, which were then read after it).
    for (TrackedFile f : files.values()) {
      if (isTruncated(f)) {
        settled(f);
      }
    }
    long listingMillis = clock.millis();
    List<Path> found =
        finder.find(
            problem -> {
              metrics.fileErrors.increment();
              if (reportedUnreadable.put(finder.base(), problem) == null) {
                log.warn("{}: {}; retrying", flow.id(), problem);
              }
            });
    Map<FileId, Path> listed = new HashMap<>();
    for (Path p : found) {
      try {
        listed.put(FileId.of(p), p);
      } catch (NoSuchFileException e) {
        // deleted since the listing
      } catch (IOException e) {
        metrics.fileErrors.increment();
        log.warn("{}: cannot read {}: {}", flow.id(), p, e.toString());
      }
    }
    if (!found.isEmpty()) {
      reportedUnreadable.clear();
    }
    afterListing.run();
    List<TrackedFile> leftThePattern = new ArrayList<>();
    for (TrackedFile f : files.values()) {
      Path p = listed.get(f.id);
      if (f.listed && p == null) {
        p = renamedUnderThePattern(f);
        if (p != null) {
          listed.put(f.id, p);
        }
      }
      if (f.listed && p == null) {
        leftThePattern.add(f);
      }
      f.listed = p != null;
      if (p != null && !p.equals(f.path)) {
        log.info("{}: {} was renamed to {}", flow.id(), f, p);
        f.path = p;
      }
    }
    List<TrackedFile> startOver = new ArrayList<>();
    for (TrackedFile f : new ArrayList<>(files.values())) {
      if (isTruncated(f)) {
        try {
          if (truncated(f)) {
            startOver.add(f);
          }
        } catch (IOException e) {
          metrics.fileErrors.increment();
          log.warn("{}: cannot read {}: {}", flow.id(), f, e.toString());
        }
      }
    }
    for (TrackedFile f : leftThePattern) {
      findMissedRotations(f, listed);
    }
    previousListingMillis = listingMillis;
    parked.keySet().retainAll(listed.keySet());
    List<Map.Entry<FileId, Path>> fresh = new ArrayList<>();
    for (Map.Entry<FileId, Path> e : listed.entrySet()) {
      if (!files.containsKey(e.getKey())) {
        fresh.add(e);
      }
    }
    // Oldest first: of files found together (app.log.2, app.log.1, app.log) the oldest is read
    // first.
    fresh.sort(Comparator.comparingLong(e -> modified(e.getValue())));
    for (Map.Entry<FileId, Path> e : fresh) {
      discovered(e.getKey(), e.getValue());
    }
    for (TrackedFile t : startOver) {
      try {
        startOver(t);
      } catch (IOException e) {
        metrics.fileErrors.increment();
        log.warn("{}: cannot read {}: {}", flow.id(), t, e.toString());
      }
    }
    for (TrackedFile f : files.values()) {
      try {
        f.lastModifiedMillis = Files.getLastModifiedTime(f.path).toMillis();
      } catch (IOException e) {
        // renamed away or deleted: keep the last known time
      }
    }
    if (!orphans.isEmpty() && !searchedOrphans) {
      searchOrphans();
    }
    searchedOrphans = true;
    firstRun = false;
    expireOrphans();
  }

  /**
   * Where the listed file {@code f}, which the listing did not see, is now if it is still under the
   * pattern in its directory; null if it left it. A listing is no snapshot: it reads the directory,
   * then each name's identity, so a rename rotation in between (app.log to app.log.4, a new
   * app.log) hides the renamed file from it. Taken for a file that left the pattern, it was let go
   * once read and idle, and the next listing found it as a new file and sent it again.
   */
  private Path renamedUnderThePattern(TrackedFile f) {
    try {
      return FileId.findIn(
          f.path.getParent(), f.id, p -> finder.matches(p) && !FileFinder.compressed(p));
    } catch (IOException e) {
      return null; // the directory is gone or unreadable: the file left the pattern
    }
  }

  /**
   * {@code gone} was renamed out of the pattern (app.log to app.log.1 under a pattern of app.log).
   * A file that was created under the pattern and renamed away between two listings was never
   * listed: it is a file of the same directory whose name starts with {@code gone}'s old name,
   * modified since the previous listing, and not tracked. Read it, before the pattern's new file.
   */
  private void findMissedRotations(TrackedFile gone, Map<FileId, Path> listed) {
    Path dir = gone.path.getParent();
    String prefix = gone.path.getFileName().toString();
    List<Path> missed = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(prefix)
            && !name.equals(prefix)
            && Files.isRegularFile(p)
            && modified(p) >= previousListingMillis
            && !FileFinder.compressed(p)) {
          FileId id = FileId.of(p);
          if (!files.containsKey(id) && !listed.containsKey(id)) {
            missed.add(p);
          }
        }
      }
    } catch (IOException e) {
      log.warn("{}: cannot list {}: {}", flow.id(), dir, e.toString());
      return;
    }
    missed.sort(Comparator.comparingLong(FlowTailer::modified));
    for (Path p : missed) {
      FileChannel ch = null;
      boolean kept = false;
      try {
        FileId id = FileId.of(p);
        ch = FileId.open(id, p);
        if (ch != null) {
          track(id, p, ch, 0, "from its start: it was rotated away before it was listed");
          kept = true;
        }
      } catch (NoSuchFileException e) {
        // deleted since
      } catch (IOException e) {
        if (!stopping(e)) {
          log.warn("{}: cannot open {}: {}", flow.id(), p, e.toString());
        }
      } finally {
        if (!kept && ch != null) {
          closeQuietly(ch);
        }
      }
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return Long.MAX_VALUE;
    }
  }

  /** A file opened by identity, and its name now. */
  private record Opened(Path path, FileChannel channel) {}

  /**
   * Opens the file {@code id}, listed as {@code listedAt}: under that name if it still holds the
   * file, otherwise under the name it was renamed to in the same directory since the listing (a
   * rotation). Null if it is gone, or renamed again while looked for (the next listing finds it).
   */
  private Opened open(FileId id, Path listedAt) throws IOException {
    FileChannel ch = FileId.open(id, listedAt);
    if (ch != null) {
      return new Opened(listedAt, ch);
    }
    Path p;
    try {
      p = FileId.findIn(listedAt.getParent(), id, any -> true);
    } catch (NoSuchFileException e) {
      return null;
    }
    ch = p == null ? null : FileId.open(id, p);
    if (ch == null) {
      return null;
    }
    log.info("{}: {} ({}) was renamed to {} since it was listed", flow.id(), listedAt, id, p);
    return new Opened(p, ch);
  }

  private void discovered(FileId id, Path listedAt) {
    Opened opened = null;
    boolean kept = false;
    try {
      opened = open(id, listedAt);
      if (opened != null) {
        kept = discovered(id, opened.path(), opened.channel());
      }
    } catch (NoSuchFileException e) {
      // gone again
    } catch (IOException e) {
      if (stopping(e)) {
        log.debug("{}: stopped while opening {}", flow.id(), listedAt);
        return;
      }
      metrics.fileErrors.increment();
      log.warn("{}: cannot open {}: {}; retrying", flow.id(), listedAt, e.toString());
    } finally {
      if (opened != null && !kept) {
        closeQuietly(opened.channel());
      }
    }
  }

  /**
   * Decides how a new file {@code id} (opened as {@code ch}, now at {@code path}) is read, and
   * tracks it; returns whether it is tracked (which then owns {@code ch}).
   */
  private boolean discovered(FileId id, Path path, FileChannel ch) throws IOException {
    FileCheckpoint c = orphans.get(id.value());
    if (c != null) {
      if (ch.size() >= c.offset()
          && (c.headLength() == 0 || TrackedFile.hash(ch, c.headLength()) == c.headHash())) {
        track(id, path, ch, c.offset(), "resumed at its checkpoint");
        orphans.remove(id.value());
        return true;
      }
      orphans.remove(id.value()); // the inode was reused by another file
    }
    FileCheckpoint copyOf = orphanWithHeadOf(ch);
    if (copyOf != null) {
      track(id, path, ch, copyOf.offset(), "copy of checkpointed " + copyOf.path());
      orphans.remove(copyOf.id());
      return true;
    }
    Parked p = parked.get(id);
    if (p != null
        && (ch.size() < p.headLength() || TrackedFile.hash(ch, p.headLength()) != p.headHash())) {
      parked.remove(id); // the inode now holds another file
      p = null;
    }
    TrackedFile source = p != null ? p.source() : copySource(ch);
    if (source != null && files.containsValue(source)) {
      if (p == null) {
        parked.put(
            id,
            new Parked(
                path,
                source,
                source.position,
                source.headLength,
                source.headHash,
                System.nanoTime()));
        return false;
      }
      if (System.nanoTime() - p.seenNanos() < COPY_WAIT_NANOS) {
        return false;
      }
      parked.remove(id);
      track(
          id,
          path,
          ch,
          Math.min(p.sourcePosition(), ch.size()),
          "a copy of " + source + " that was not truncated");
      return true;
    }
    if (firstRun && flow.initialPosition() == FlowConfig.InitialPosition.END_OF_FILE) {
      track(id, path, ch, ch.size(), "from its end (initialPosition END_OF_FILE)");
    } else {
      track(id, path, ch, 0, "from its start");
    }
    return true;
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing left to do with it
    }
  }

  /**
   * Whether {@code e} is the agent stopping: only its close() interrupts a tailer, and an interrupt
   * closes a file channel in the middle of an operation (the interrupt stays set, so the tailer's
   * loop ends). Not a file the agent cannot read.
   */
  private static boolean stopping(IOException e) {
    return e instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted();
  }

  /**
   * At start, a checkpointed file not under the pattern any more was renamed away while the agent
   * was down: find it by identity next to where it was, and read the rest of it.
   */
  private void searchOrphans() {
    for (FileCheckpoint c : new ArrayList<>(orphans.values())) {
      Path dir = Path.of(c.path()).getParent();
      FileId id = new FileId(c.id());
      try {
        Path p = FileId.findIn(dir, id, any -> true);
        if (p != null) {
          discovered(id, p);
        }
      } catch (IOException e) {
        log.warn("{}: cannot look for {} in {}: {}", flow.id(), c.path(), dir, e.toString());
      }
    }
  }

  private TrackedFile copySource(FileChannel ch) throws IOException {
    for (TrackedFile f : files.values()) {
      if (f.headLength >= 64 && f.sameHead(ch)) {
        return f;
      }
    }
    return null;
  }

  private FileCheckpoint orphanWithHeadOf(FileChannel ch) throws IOException {
    for (FileCheckpoint c : orphans.values()) {
      if (c.headLength() >= 64
          && ch.size() >= c.offset()
          && TrackedFile.hash(ch, c.headLength()) == c.headHash()) {
        return c;
      }
    }
    return null;
  }

  /** Tracks the file {@code id}, opened as {@code ch} (see {@link FileId#open}), from position. */
  private void track(FileId id, Path path, FileChannel ch, long position, String how)
      throws IOException {
    TrackedFile f = new TrackedFile(id, path, ch, position, flow.skipHeaderLines());
    f.lastModifiedMillis = Files.getLastModifiedTime(path).toMillis();
    f.listed = finder.matches(path);
    f.order = nextOrder++;
    files.put(id, f);
    log.info("{}: tracking {} {}", flow.id(), f, how);
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
    files.remove(f.id);
    f.close();
    log.info("{}: {} was read to its end and left the pattern: no longer tracked", flow.id(), f);
  }

  private void expireOrphans() {
    long cutoff = clock.millis() - checkpointTtl.toMillis();
    orphans.values().removeIf(c -> c.seen().toEpochMilli() < cutoff);
  }

  /** Called on a producer's thread when a record of {@code f} failed. */
  private void failed(TrackedFile f, Throwable error) {
    if (log.isDebugEnabled()) {
      log.debug("{}: a record of {} failed: {}", flow.id(), f, StreamSink.describe(error));
    }
  }

  /** The flow's checkpoints now (called by the checkpoint writer's thread). */
  List<FileCheckpoint> checkpoints() {
    List<FileCheckpoint> out = new ArrayList<>(orphans.values());
    for (TrackedFile f : files.values()) {
      out.add(
          new FileCheckpoint(
              f.id.value(),
              f.path.toString(),
              f.window.acked(),
              f.headLength,
              f.headHash,
              clock.instant()));
    }
    return out;
  }

  /** Files, positions and lag, for the status line. */
  long filesTracked() {
    return files.size();
  }

  void close() {
    files.values().forEach(TrackedFile::close);
  }
}
