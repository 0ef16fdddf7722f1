package io.kinesisonkafka.agent.internals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A file's identity: device and inode ({@code unix:dev,ino}), which a rename keeps and a new file
 * does not; the file key of other file systems elsewhere.
 */
record FileId(String value) {

  static FileId of(Path path) throws IOException {
    try {
      Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
      return new FileId(a.get("dev") + ":" + a.get("ino"));
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      Object key =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey();
      if (key == null) {
        throw new IOException("the file system gives no identity for " + path, e);
      }
      return new FileId(key.toString());
    }
  }

  /**
   * Opens {@code path} for reading if it is still the file {@code id}; null if that name now holds
   * another file or none. A listing pairs a name with an identity, but a log rotated since (app.log
   * renamed to app.log.1, a new app.log created) leaves the name to its successor: a channel opened
   * by that name alone would read the successor's lines under the listed file's identity. The name
   * is checked after the opening: it named {@code id} before (the listing) and after, so the
   * channel is {@code id}'s (rotation does not rename a file back).
   */
  static FileChannel open(FileId id, Path path) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null;
    }
    boolean same = false;
    try {
      same = id.equals(of(path));
    } catch (NoSuchFileException e) {
      // renamed or deleted after the opening: unknown which file the channel reads
    } finally {
      if (!same) {
        channel.close();
      }
    }
    return same ? channel : null;
  }

  /**
   * The name the file {@code id} has in {@code dir} now, among the regular files {@code accept}
   * takes; null if none (a name renamed again or deleted while looked at is passed over).
   *
   * @throws IOException if the directory cannot be listed
   */
  static Path findIn(Path dir, FileId id, Predicate<Path> accept) throws IOException {
    List<Path> names;
    try (Stream<Path> s = Files.list(dir)) {
      names = s.toList();
    }
    for (Path p : names) {
      try {
        if (accept.test(p) && Files.isRegularFile(p) && id.equals(of(p))) {
          return p;
        }
      } catch (IOException e) {
        // renamed again or deleted: not this one
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return value;
  }
}
