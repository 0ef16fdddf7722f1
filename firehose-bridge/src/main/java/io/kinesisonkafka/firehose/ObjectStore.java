package io.kinesisonkafka.firehose;

import io.kinesisonkafka.firehose.internals.store.FileObjectStore;
import io.kinesisonkafka.firehose.internals.store.S3ObjectStore;
import java.nio.file.Path;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Where {@link Destination.ObjectStorage} destinations put objects: local files or the S3 API.
 *
 * <p><b>Contract.</b> {@link #put} returns once the object is stored whole under that key (never
 * partly visible), replacing any object of the same key: a batch delivered again after a restart
 * replaces its earlier copy instead of adding one. It throws when the object may not be stored; the
 * bridge retries.
 *
 * <p><b>Thread.</b> Called from every delivery stream's delivery thread concurrently.
 */
public interface ObjectStore {

  /**
   * Stores {@code content} as {@code key} in {@code bucket}.
   *
   * @throws RuntimeException when it may not be stored; retried by the bridge
   */
  void put(String bucket, String key, byte[] content);

  /** A short name for metrics and messages: {@code S3} or {@code Files}. */
  String kind();

  /** Files under {@code root}: bucket {@code b}, key {@code k} is {@code root/b/k}. */
  static ObjectStore files(Path root) {
    return new FileObjectStore(root);
  }

  /** Buckets of an S3 API endpoint, through the caller's client (the caller closes it). */
  static ObjectStore s3(S3Client client) {
    return new S3ObjectStore(client);
  }
}
