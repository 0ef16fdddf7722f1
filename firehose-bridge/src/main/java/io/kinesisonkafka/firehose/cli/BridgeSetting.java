package io.kinesisonkafka.firehose.cli;

import io.kinesisonkafka.adapter.server.SettingSpec;

/**
 * The daemon's own settings, each declared once (the server's are the adapter's {@code Setting}):
 * the flag ({@code --firehose-files-root}), the environment variable ({@code
 * KOK_FIREHOSE_FILES_ROOT}) and the README table derive from this table.
 */
public enum BridgeSetting implements SettingSpec {
  DELIVERY_STREAMS_FILE(
      "firehose.delivery.streams.file",
      "",
      "A JSON file of delivery streams ({\"DeliveryStreams\": [CreateDeliveryStream requests]})"
          + " created or updated at start."),
  FILES_ROOT(
      "firehose.files.root",
      "firehose-data",
      "Directory of the file object store (bucket b is <root>/b), used when no S3 endpoint is"
          + " given."),
  S3_ENDPOINT(
      "firehose.s3.endpoint",
      "",
      "S3 API endpoint for object destinations (path-style; credentials from the AWS default"
          + " chain); local files when empty."),
  S3_REGION("firehose.s3.region", "us-east-1", "Region of the S3 endpoint."),
  CATALOG_TOPIC("firehose.catalog.topic", "__firehose_catalog", "Topic of the delivery streams."),
  TOPIC_PREFIX(
      "firehose.topic.prefix",
      "firehose.",
      "DirectPut delivery stream d keeps its records in topic <prefix>d.");

  private final String key;
  private final String defaultValue;
  private final String doc;

  BridgeSetting(String key, String defaultValue, String doc) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.doc = doc;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public String defaultValue() {
    return defaultValue;
  }

  @Override
  public String doc() {
    return doc;
  }

  /** The README's table of these settings. */
  public static String markdownTable() {
    return SettingSpec.markdownTable(values());
  }
}
