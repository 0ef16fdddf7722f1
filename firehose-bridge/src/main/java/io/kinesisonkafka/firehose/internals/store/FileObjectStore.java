package io.kinesisonkafka.firehose.internals.store;

import io.kinesisonkafka.firehose.ObjectStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Objects as files. Written to a temporary file of the same directory, forced to disk, then moved
 * over the key atomically, so a reader never sees half an object and a replayed batch replaces its
 * earlier copy.
 */
public final class FileObjectStore implements ObjectStore {
  private final Path root;

  public FileObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public void put(String bucket, String key, byte[] content) {
    Path target = root.resolve(bucket).resolve(key).normalize();
    if (!target.startsWith(root.resolve(bucket))) {
      throw new IllegalArgumentException("key leaves the bucket: " + key);
    }
    try {
      Files.createDirectories(target.getParent());
      Path temp =
          target.resolveSibling(
              "."
                  + target.getFileName()
                  + "."
                  + Long.toHexString(ThreadLocalRandom.current().nextLong())
                  + ".tmp");
      try (var channel =
          java.nio.channels.FileChannel.open(
              temp,
              java.nio.file.StandardOpenOption.CREATE_NEW,
              java.nio.file.StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(false);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + bucket + "/" + key + " under " + root, e);
    }
  }

  @Override
  public String kind() {
    return "Files";
  }
}
