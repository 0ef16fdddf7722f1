package io.kinesisonkafka.agent.internals;

import io.kinesisonkafka.agent.FlowConfig;
import io.kinesisonkafka.agent.internals.Checkpoints.FileCheckpoint;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A flow's files by identity, and the checkpoints no file claimed yet (orphans). Why a class of its
 * own: a new file is opened and tracked from one place, which decides where it is read from (its
 * checkpoint, its original's checkpoint, where the file it copies was, or the start), and the
 * checkpoint writer reads the tracked files and the orphans from another thread. A file is opened
 * by identity ({@link FileId#open}), never by the name a listing gave it: a rotation since the
 * listing gives that name to the next generation.
 */
final class TrackedFiles {
  /** FlowTailer's logger: the log lines keep the logger name they had before this class. */
  private static final Logger log = LoggerFactory.getLogger(FlowTailer.class);

  private final FlowConfig flow;
  private final FlowMetrics metrics;
  private final FileFinder finder;
  private final Clock clock;
  private final Duration checkpointTtl;

  /** The tracked files. Written by the tailer thread; the checkpoint writer reads them too. */
  private final Map<FileId, TrackedFile> files = new ConcurrentHashMap<>();

  /**
   * Checkpoints of files not found (yet): kept until their time to live. Written by the tailer
   * thread; the checkpoint writer reads them too.
   */
  private final Map<String, FileCheckpoint> orphans = new ConcurrentHashMap<>();

  private final CopyDetector copies;

  // The rest is confined to the flow's tailer thread.

  private boolean firstRun;
  private boolean searchedOrphans;

  /** Reading order of files in a directory: a rotated file before its successor. */
  private long nextOrder;

  /** {@code checkpoints} are the flow's saved ones, null at the very first start. */
  TrackedFiles(
      FlowConfig flow,
      FlowMetrics metrics,
      FileFinder finder,
      List<FileCheckpoint> checkpoints,
      Clock clock,
      Duration checkpointTtl) {
    this.flow = flow;
    this.metrics = metrics;
    this.finder = finder;
    this.clock = clock;
    this.checkpointTtl = checkpointTtl;
    this.copies = new CopyDetector(flow, finder, Collections.unmodifiableMap(files));
    this.firstRun = checkpoints == null;
    if (checkpoints != null) {
      for (FileCheckpoint c : checkpoints) {
        orphans.put(c.id(), c);
      }
    }
  }

  CopyDetector copies() {
    return copies;
  }

  /** The tracked files, a live view. */
  Collection<TrackedFile> all() {
    return files.values();
  }

  boolean contains(FileId id) {
    return files.containsKey(id);
  }

  int size() {
    return files.size();
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

  /** Opens the new file {@code id}, listed as {@code listedAt}, and tracks it if it is to be. */
  void discovered(FileId id, Path listedAt) {
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
      if (FlowTailer.stopping(e)) {
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
    if (resumed(id, path, ch)) {
      return true;
    }
    CopyDetector.Verdict copy = copies.check(id, path, ch);
    if (copy.waits()) {
      return false;
    }
    if (copy.source() != null) {
      track(
          id, path, ch, copy.position(), "a copy of " + copy.source() + " that was not truncated");
    } else if (firstRun && flow.initialPosition() == FlowConfig.InitialPosition.END_OF_FILE) {
      track(id, path, ch, ch.size(), "from its end (initialPosition END_OF_FILE)");
    } else {
      track(id, path, ch, 0, "from its start");
    }
    return true;
  }

  /**
   * Tracks the new file {@code id} from a checkpoint if one is its own (same identity, same head)
   * or its original's (a copy made while the agent was down); whether it did.
   */
  private boolean resumed(FileId id, Path path, FileChannel ch) throws IOException {
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
    return false;
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
  void track(FileId id, Path path, FileChannel ch, long position, String how) throws IOException {
    TrackedFile f = new TrackedFile(id, path, ch, position, flow.skipHeaderLines());
    f.lastModifiedMillis = Files.getLastModifiedTime(path).toMillis();
    f.listed = finder.matches(path);
    f.order = nextOrder++;
    files.put(id, f);
    log.info("{}: tracking {} {}", flow.id(), f, how);
  }

  /** Tracks {@code copy}, found by {@link CopyDetector#findCopy}, in {@code truncated}'s place. */
  void trackCopy(TrackedFile copy, TrackedFile truncated) {
    files.put(copy.id, copy);
    copy.order = truncated.order;
  }

  /** Truncated files start over, after every file of their directory known now. */
  void startOver(List<TrackedFile> truncated) {
    for (TrackedFile t : truncated) {
      try {
        t.order = nextOrder++;
        t.truncatedSeen = false;
        t.restart(flow.skipHeaderLines());
        t.knownSize = t.size();
        t.lastGrowthNanos = System.nanoTime();
      } catch (IOException e) {
        metrics.fileErrors.increment();
        log.warn("{}: cannot read {}: {}", flow.id(), t, e.toString());
      }
    }
  }

  /** Stops tracking {@code f}, which the caller closes. */
  void untrack(TrackedFile f) {
    files.remove(f.id);
  }

  /**
   * After a listing was reconciled: at start, looks for the orphans renamed away while the agent
   * was down; then lets the orphans past their time to live go.
   */
  void listingDone() {
    if (!orphans.isEmpty() && !searchedOrphans) {
      searchOrphans();
    }
    searchedOrphans = true;
    firstRun = false;
    expireOrphans();
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

  private void expireOrphans() {
    long cutoff = clock.millis() - checkpointTtl.toMillis();
    orphans.values().removeIf(c -> c.seen().toEpochMilli() < cutoff);
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

  void close() {
    files.values().forEach(TrackedFile::close);
  }

  static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // nothing left to do with it
    }
  }
}
