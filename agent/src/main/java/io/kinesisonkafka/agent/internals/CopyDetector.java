package io.kinesisonkafka.agent.internals;

import io.kinesisonkafka.agent.FlowConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the copies of a flow's tracked files from new files. A copytruncate rotation copies a log
 * (app.log to app.log.1) and truncates it in place, so the copy is a new identity that starts with
 * the same bytes (the same head) as a tracked file, and holds the lines of it not read yet. Why a
 * class of its own: such a copy must be read from where its source was, not from its start (lines
 * sent twice) and not after the source's new lines (order). The tailer sees the copy and the
 * truncation in either order: a copy listed before its source is seen truncated is parked until the
 * truncation claims it ({@link #findCopy}) or, after a while, read as a copy that was not truncated
 * ({@link #check}).
 */
final class CopyDetector {
  /** FlowTailer's logger: the log lines keep the logger name they had before this class. */
  private static final Logger log = LoggerFactory.getLogger(FlowTailer.class);

  private static final long COPY_WAIT_NANOS = Duration.ofSeconds(10).toNanos();

  private final FlowConfig flow;
  private final FileFinder finder;

  /** The flow's tracked files, read only: {@link TrackedFiles} owns and writes them. */
  private final Map<FileId, TrackedFile> files;

  /**
   * Copies of a tracked file seen before its truncation: id to (source, first seen). Confined to
   * the flow's tailer thread.
   */
  private final Map<FileId, Parked> parked = new HashMap<>();

  /** A copy's path, source, the source's position then, the head they shared, first seen. */
  private record Parked(
      Path path,
      TrackedFile source,
      long sourcePosition,
      int headLength,
      long headHash,
      long seenNanos) {}

  /**
   * What a new file is: no copy ({@link #NO_COPY}), a copy that waits for its source's truncation
   * ({@link #WAIT}), or a copy of {@code source} that was not truncated, read from {@code
   * position}.
   */
  record Verdict(boolean waits, TrackedFile source, long position) {
    static final Verdict NO_COPY = new Verdict(false, null, 0);
    static final Verdict WAIT = new Verdict(true, null, 0);
  }

  CopyDetector(FlowConfig flow, FileFinder finder, Map<FileId, TrackedFile> files) {
    this.flow = flow;
    this.finder = finder;
    this.files = files;
  }

  /** Whether {@code f} is shorter than what was read of it, or its first bytes changed. */
  static boolean isTruncated(TrackedFile f) {
    try {
      return f.truncatedSeen || f.size() < f.position || f.headChanged();
    } catch (IOException e) {
      return false;
    }
  }

  /** Waits (30 s at most) until no record of {@code t} is in flight; whether none is. */
  static boolean settled(TrackedFile t) {
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

  /**
   * The copy of the truncated file {@code t}, opened to be read from {@code from}: of the files of
   * its directory not tracked (its parked copies included) that start with {@code t}'s head and are
   * {@code from} long at least, the last modified; null if none. The caller tracks it.
   */
  TrackedFile findCopy(TrackedFile t, long from) {
    TrackedFile best = null;
    for (Path p : candidates(t)) {
      best = newerCopy(t, from, p, best);
    }
    if (best != null) {
      parked.remove(best.id);
      best.listed = finder.matches(best.path);
    }
    return best;
  }

  /** {@code t}'s parked copies, then every regular file of its directory. */
  private List<Path> candidates(TrackedFile t) {
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
    return candidates;
  }

  /**
   * {@code p}, opened to be read from {@code from}, if it is a copy of {@code t} modified no
   * earlier than {@code best} (which is closed then); otherwise {@code best}, open.
   */
  private TrackedFile newerCopy(TrackedFile t, long from, Path p, TrackedFile best) {
    long bestModified = best == null ? Long.MIN_VALUE : best.lastModifiedMillis;
    try {
      FileId id = FileId.of(p);
      if (id.equals(t.id) || files.containsKey(id)) {
        return best;
      }
      long modified = Files.getLastModifiedTime(p).toMillis();
      FileChannel ch = FileId.open(id, p);
      if (ch == null) {
        return best; // renamed or deleted since
      }
      boolean kept = false;
      try {
        if (ch.size() < from || !t.sameHead(ch) || modified < bestModified) {
          return best;
        }
        // The newer copy is built before the previous best is closed: if building it fails (its
        // head cannot be read), the previous best is still the answer, and still open.
        TrackedFile copy = new TrackedFile(id, p, ch, from, 0);
        kept = true;
        copy.lastModifiedMillis = modified;
        if (best != null) {
          best.close();
        }
        best = copy;
      } finally {
        if (!kept) {
          TrackedFiles.closeQuietly(ch);
        }
      }
    } catch (IOException e) {
      // gone or unreadable: not the copy
    }
    return best;
  }

  /**
   * Whether the new file {@code id}, opened as {@code ch} at {@code path}, is a copy of a tracked
   * file. A copy is parked when first seen, as its source's truncation may not be seen yet; still
   * parked {@link #COPY_WAIT_NANOS} later, it is a copy that was not truncated, read from where its
   * source was when it was parked.
   */
  Verdict check(FileId id, Path path, FileChannel ch) throws IOException {
    Parked p = parked.get(id);
    if (p != null
        && (ch.size() < p.headLength() || TrackedFile.hash(ch, p.headLength()) != p.headHash())) {
      parked.remove(id); // the inode now holds another file
      p = null;
    }
    TrackedFile source = p != null ? p.source() : copySource(ch);
    if (source == null || !files.containsValue(source)) {
      return Verdict.NO_COPY;
    }
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
      return Verdict.WAIT;
    }
    if (System.nanoTime() - p.seenNanos() < COPY_WAIT_NANOS) {
      return Verdict.WAIT;
    }
    parked.remove(id);
    return new Verdict(false, source, Math.min(p.sourcePosition(), ch.size()));
  }

  private TrackedFile copySource(FileChannel ch) throws IOException {
    for (TrackedFile f : files.values()) {
      if (f.headLength >= 64 && f.sameHead(ch)) {
        return f;
      }
    }
    return null;
  }

  /** Forgets the parked copies a listing did not see (deleted, or renamed out of the pattern). */
  void retainListed(Set<FileId> listed) {
    parked.keySet().retainAll(listed);
  }
}
