package io.kinesisonkafka.agent.internals;

import io.kinesisonkafka.agent.FlowConfig;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file tracker's refresh: lists a flow's pattern and reconciles the listing with the tracked
 * files, by identity (device and inode), not by name. Why a class of its own: rotation moves names,
 * not content, and a listing is no snapshot of it. A renamed file (app.log to app.log.1) keeps its
 * position and, once out of the pattern, is read to its end; a file created and renamed away
 * between two listings is found next to its predecessor; a copytruncated file's rest is read from
 * its copy ({@link CopyDetector}). The order of the decisions keeps a log's lines in order: a
 * truncated file's copy, then files of missed generations, then new files (oldest first), then the
 * truncated file again from its start. Confined to the flow's tailer thread.
 */
final class FileTracker {
  /** FlowTailer's logger: the log lines keep the logger name they had before this class. */
  private static final Logger log = LoggerFactory.getLogger(FlowTailer.class);

  private final FlowConfig flow;
  private final FlowMetrics metrics;
  private final FileFinder finder;
  private final Clock clock;
  private final TrackedFiles files;
  private final CopyDetector copies;
  private final Runnable afterListing;

  private long previousListingMillis = Long.MAX_VALUE;
  private final Map<Path, String> reportedUnreadable = new HashMap<>();

  /** {@code afterListing} runs between a listing and the decisions on it (tests rotate there). */
  FileTracker(
      FlowConfig flow,
      FlowMetrics metrics,
      FileFinder finder,
      TrackedFiles files,
      Clock clock,
      Runnable afterListing) {
    this.flow = flow;
    this.metrics = metrics;
    this.finder = finder;
    this.files = files;
    this.copies = files.copies();
    this.clock = clock;
    this.afterListing = afterListing;
  }

  /** Lists the pattern's files and reconciles them with the tracked ones. */
  void refresh() {
    // A truncated file's records in flight settle before the listing, not after: the wait lasted
    // seconds under load, and decisions taken on a listing older than that missed the copies and
    // new files of the rotations in between (a copytruncated log restarted on content newer than
    // copies not listed yet, which were then read after it).
    for (TrackedFile f : files.all()) {
      if (CopyDetector.isTruncated(f)) {
        CopyDetector.settled(f);
      }
    }
    long listingMillis = clock.millis();
    Map<FileId, Path> listed = list();
    afterListing.run();
    List<TrackedFile> leftThePattern = followRenames(listed);
    List<TrackedFile> truncated = truncations();
    for (TrackedFile f : leftThePattern) {
      findMissedRotations(f, listed);
    }
    previousListingMillis = listingMillis;
    copies.retainListed(listed.keySet());
    discoverNew(listed);
    files.startOver(truncated);
    refreshModifiedTimes();
    files.listingDone();
  }

  /** The pattern's files now, by identity. */
  private Map<FileId, Path> list() {
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
    return listed;
  }

  /**
   * Gives the tracked files their names in {@code listed} (a renamed file the listing missed is
   * added to it); returns those that left the pattern since the previous listing.
   */
  private List<TrackedFile> followRenames(Map<FileId, Path> listed) {
    List<TrackedFile> leftThePattern = new ArrayList<>();
    for (TrackedFile f : files.all()) {
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
    return leftThePattern;
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
   * The truncated files whose copy, if any, now takes their place in the reading order: they start
   * over once the listing's new files are tracked.
   */
  private List<TrackedFile> truncations() {
    List<TrackedFile> startOver = new ArrayList<>();
    for (TrackedFile f : new ArrayList<>(files.all())) {
      if (CopyDetector.isTruncated(f)) {
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
    return startOver;
  }

  /**
   * {@code t} was truncated: once its records in flight are settled, the rest of its old content is
   * read from its copy, which takes {@code t}'s place in the reading order. Returns false if
   * records are still in flight (the next listing tries again).
   */
  private boolean truncated(TrackedFile t) throws IOException {
    if (!CopyDetector.settled(t)) {
      return false;
    }
    long copyFrom = t.window.reset();
    TrackedFile copy = copies.findCopy(t, copyFrom);
    if (copy != null) {
      files.trackCopy(copy, t);
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
          if (!files.contains(id) && !listed.containsKey(id)) {
            missed.add(p);
          }
        }
      }
    } catch (IOException e) {
      log.warn("{}: cannot list {}: {}", flow.id(), dir, e.toString());
      return;
    }
    missed.sort(Comparator.comparingLong(FileTracker::modified));
    for (Path p : missed) {
      trackMissed(p);
    }
  }

  /** Tracks {@code p}, a missed generation, from its start. */
  private void trackMissed(Path p) {
    FileChannel ch = null;
    boolean kept = false;
    try {
      FileId id = FileId.of(p);
      ch = FileId.open(id, p);
      if (ch != null) {
        files.track(id, p, ch, 0, "from its start: it was rotated away before it was listed");
        kept = true;
      }
    } catch (NoSuchFileException e) {
      // deleted since
    } catch (IOException e) {
      if (!FlowTailer.stopping(e)) {
        log.warn("{}: cannot open {}: {}", flow.id(), p, e.toString());
      }
    } finally {
      if (!kept && ch != null) {
        TrackedFiles.closeQuietly(ch);
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

  /** Tracks the listing's files that are not tracked yet, oldest first. */
  private void discoverNew(Map<FileId, Path> listed) {
    List<Map.Entry<FileId, Path>> fresh = new ArrayList<>();
    for (Map.Entry<FileId, Path> e : listed.entrySet()) {
      if (!files.contains(e.getKey())) {
        fresh.add(e);
      }
    }
    // Oldest first: of files found together (app.log.2, app.log.1, app.log) the oldest is read
    // first.
    fresh.sort(Comparator.comparingLong(e -> modified(e.getValue())));
    for (Map.Entry<FileId, Path> e : fresh) {
      files.discovered(e.getKey(), e.getValue());
    }
  }

  private void refreshModifiedTimes() {
    for (TrackedFile f : files.all()) {
      try {
        f.lastModifiedMillis = Files.getLastModifiedTime(f.path).toMillis();
      } catch (IOException e) {
        // renamed away or deleted: keep the last known time
      }
    }
  }
}
