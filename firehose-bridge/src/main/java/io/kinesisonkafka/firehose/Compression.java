package io.kinesisonkafka.firehose;

/** How delivered objects are compressed, by Firehose's {@code CompressionFormat} names. */
public enum Compression {
  UNCOMPRESSED(""),
  GZIP(".gz");

  private final String extension;

  Compression(String extension) {
    this.extension = extension;
  }

  /** What object names end with: {@code .gz} for GZIP. */
  public String extension() {
    return extension;
  }
}
