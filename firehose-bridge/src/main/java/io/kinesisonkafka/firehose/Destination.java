package io.kinesisonkafka.firehose;

import java.util.Map;
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

  /**
   * An HTTP endpoint in Firehose's HTTP endpoint delivery format (Firehose's {@code
   * HttpEndpointDestinationConfiguration}): one POST per batch of {@code {requestId, timestamp,
   * records: [{data}]}} with the {@code X-Amz-Firehose-*} headers; only a 200 that echoes the
   * request id acknowledges. A failed request is retried with the same request id (the same after a
   * restart, too) for the delivery stream's retry duration; then its records go to {@code
   * backupBucket} of the bridge's object store under {@code errorOutputPrefix} ({@code
   * !{firehose:error-output-type}} is {@code http-endpoint-failed}). A 413 is not retried.
   *
   * @param url where to POST, {@code http://} or {@code https://}
   * @param name the endpoint's name, for messages
   * @param accessKey sent as {@code X-Amz-Firehose-Access-Key}; null for none
   * @param commonAttributes sent as {@code X-Amz-Firehose-Common-Attributes}
   * @param gzip whether bodies are sent with {@code Content-Encoding: gzip}
   * @param backupBucket where records that could not be delivered go
   * @param errorOutputPrefix their prefix; null for {@code !{firehose:error-output-type}/}
   */
  record HttpEndpoint(
      String url,
      String name,
      String accessKey,
      Map<String, String> commonAttributes,
      boolean gzip,
      String backupBucket,
      String errorOutputPrefix)
      implements Destination {
    public HttpEndpoint {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(backupBucket, "backupBucket");
      commonAttributes = commonAttributes == null ? Map.of() : Map.copyOf(commonAttributes);
    }

    /** An endpoint with no access key, attributes or compression. */
    public static HttpEndpoint of(String url, String backupBucket) {
      return new HttpEndpoint(url, null, null, Map.of(), false, backupBucket, null);
    }

    public HttpEndpoint withAccessKey(String accessKey) {
      return new HttpEndpoint(
          url, name, accessKey, commonAttributes, gzip, backupBucket, errorOutputPrefix);
    }
  }

  /**
   * Rows in a table over JDBC (PostgreSQL; Firehose's {@code RedshiftDestinationConfiguration},
   * whose JDBC URL speaks the same protocol): one row per record, {@code (delivery_stream,
   * source_partition, source_offset, sub_sequence, arrival_millis, data)}, the first four the
   * primary key, a batch inserted in one transaction with {@code ON CONFLICT DO NOTHING}, so a
   * replayed batch adds no row. The table is created if missing. Retried for the delivery stream's
   * retry duration, then the records go to {@code backupBucket} under the error prefix as {@code
   * jdbc-failed}.
   *
   * @param url the JDBC URL, e.g. {@code jdbc:postgresql://host:5432/db}
   * @param username the user, or null
   * @param password the password, or null
   * @param table the table, {@code [A-Za-z_][A-Za-z0-9_]*} optionally schema-qualified
   * @param backupBucket where records that could not be inserted go
   * @param errorOutputPrefix their prefix; null for {@code !{firehose:error-output-type}/}
   */
  record Jdbc(
      String url,
      String username,
      String password,
      String table,
      String backupBucket,
      String errorOutputPrefix)
      implements Destination {
    public Jdbc {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(table, "table");
      Objects.requireNonNull(backupBucket, "backupBucket");
    }

    /** A table reached with the URL's own credentials. */
    public static Jdbc of(String url, String table, String backupBucket) {
      return new Jdbc(url, null, null, table, backupBucket, null);
    }

    @Override
    public String toString() {
      return "Jdbc[" + url + ", table " + table + "]";
    }
  }
}
