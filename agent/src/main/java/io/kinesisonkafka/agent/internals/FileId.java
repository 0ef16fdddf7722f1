package io.kinesisonkafka.agent.internals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;

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

  @Override
  public String toString() {
    return value;
  }
}
