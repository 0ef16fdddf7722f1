package io.kinesisonkafka.firehose;

import java.util.Objects;

/** Where a delivery stream delivers. */
public sealed interface Destination {

  /**
   * Objects in a bucket of the bridge's {@link ObjectStore} (local files or the S3 API): Firehose's
   * {@code ExtendedS3DestinationConfiguration}. Each delivered batch is one object named {@code
   * <prefix><stream>-<partition>-<first offset>-<yyyy-MM-dd-HH-mm-ss><extension>}; a batch that is
   * delivered again after a restart gets the same name and the same records.
   *
   * @param bucket the bucket (a directory of a file store)
   * @param prefix the key prefix, with {@code !{timestamp:...}} and {@code !{firehose:...}}
   *     expressions; {@code !{timestamp:yyyy/MM/dd/HH/}} is appended when it has no timestamp
   * @param errorOutputPrefix the prefix of records that could not be delivered; must contain {@code
   *     !{firehose:error-output-type}} when given; null when {@code prefix} has no expressions
   * @param compression of the objects
   * @param newlineDelimiter whether a {@code \n} follows each record in an object
   */
  record ObjectStorage(
      String bucket,
      String prefix,
      String errorOutputPrefix,
      Compression compression,
      boolean newlineDelimiter)
      implements Destination {
    public ObjectStorage {
      Objects.requireNonNull(bucket, "bucket");
      prefix = prefix == null ? "" : prefix;
      compression = compression == null ? Compression.UNCOMPRESSED : compression;
    }

    /** A bucket with no prefix, uncompressed, no delimiter. */
    public static ObjectStorage bucket(String bucket) {
      return new ObjectStorage(bucket, "", null, Compression.UNCOMPRESSED, false);
    }

    public ObjectStorage withPrefix(String prefix, String errorOutputPrefix) {
      return new ObjectStorage(bucket, prefix, errorOutputPrefix, compression, newlineDelimiter);
    }

    public ObjectStorage withCompression(Compression compression) {
      return new ObjectStorage(bucket, prefix, errorOutputPrefix, compression, newlineDelimiter);
    }

    public ObjectStorage withNewlineDelimiter(boolean newlineDelimiter) {
      return new ObjectStorage(bucket, prefix, errorOutputPrefix, compression, newlineDelimiter);
    }
  }
}
