package io.kinesisonkafka.firehose.internals.store;

import io.kinesisonkafka.firehose.ObjectStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Objects through the S3 API: one PutObject per object, which S3 makes visible whole. */
public final class S3ObjectStore implements ObjectStore {
  private final S3Client client;

  public S3ObjectStore(S3Client client) {
    this.client = client;
  }

  @Override
  public void put(String bucket, String key, byte[] content) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(content));
  }

  @Override
  public String kind() {
    return "S3";
  }
}
