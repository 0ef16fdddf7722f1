package io.kinesisonkafka.agent;

import io.kinesisonkafka.agent.processing.DataConverter;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One entry of {@code flows}: which files, into which stream or delivery stream, and how lines
 * become records. Keys and defaults are the AWS agent's.
 *
 * @param filePattern {@code filePattern}: a glob; {@code **} in directories matches any depth
 * @param destination where records go
 * @param partitionKeyOption RANDOM (default) or DETERMINISTIC (the MD5 of the record)
 * @param initialPosition where a file found at the first start is read from
 * @param maxBufferAge {@code maxBufferAgeMillis}: the longest a record waits before it is sent
 * @param maxBufferSizeBytes {@code maxBufferSizeBytes}: the largest batch in bytes
 * @param maxBufferSizeRecords {@code maxBufferSizeRecords}: the most records in a batch
 * @param multiLineStartPattern {@code multiLineStartPattern}, or null: one record per line
 * @param skipHeaderLines {@code skipHeaderLines}: lines skipped at the start of each file
 * @param fileFooterPattern {@code fileFooterPattern}, or null: a matching record ends the file
 * @param truncatedRecordTerminator {@code truncatedRecordTerminator}: ends a record that was cut
 * @param maxRecordBytes the record limit: 1 MiB for streams, 1000 KiB for delivery streams
 * @param dataProcessingOptions {@code dataProcessingOptions}, applied in order
 * @param minTimeBetweenFilePolls {@code minTimeBetweenFilePollsMillis}
 * @param maxTimeBetweenFileTrackerRefresh {@code maxTimeBetweenFileTrackerRefreshMillis}
 * @param retryInitialBackoff {@code retryInitialBackoffMillis}
 * @param retryMaxBackoff {@code retryMaxBackoffMillis}
 */
public record FlowConfig(
    String filePattern,
    Destination destination,
    PartitionKeyOption partitionKeyOption,
    InitialPosition initialPosition,
    Duration maxBufferAge,
    int maxBufferSizeBytes,
    int maxBufferSizeRecords,
    Pattern multiLineStartPattern,
    int skipHeaderLines,
    Pattern fileFooterPattern,
    byte[] truncatedRecordTerminator,
    int maxRecordBytes,
    List<DataConverter> dataProcessingOptions,
    Duration minTimeBetweenFilePolls,
    Duration maxTimeBetweenFileTrackerRefresh,
    Duration retryInitialBackoff,
    Duration retryMaxBackoff) {

  /** {@code partitionKeyOption}. */
  public enum PartitionKeyOption {
    /** A random key per record: records spread over every shard. */
    RANDOM,
    /** The MD5 of the record's data: equal records go to the same shard. */
    DETERMINISTIC
  }

  /** {@code initialPosition}. */
  public enum InitialPosition {
    /** Files present at the first start are read from their end (the AWS agent's default). */
    END_OF_FILE,
    /** Files present at the first start are read from their beginning. */
    START_OF_FILE
  }

  /**
   * A flow's destination.
   *
   * @param kind a Kinesis stream or a Firehose delivery stream
   * @param name the stream's or delivery stream's name
   */
  public record Destination(Kind kind, String name) {
    /** {@code kinesisStream} or {@code deliveryStream}. */
    public enum Kind {
      /** {@code kinesisStream}: written with producer-lib. */
      KINESIS_STREAM,
      /** {@code deliveryStream}: appended to the Firehose bridge's DirectPut topic. */
      DELIVERY_STREAM
    }

    @Override
    public String toString() {
      return (kind == Kind.KINESIS_STREAM ? "kinesis:" : "firehose:") + name;
    }
  }

  /**
   * The flow's name in logs, metrics and the checkpoint file: {@code <pattern> -> <dest>}.
   *
   * @return the name
   */
  public String id() {
    return filePattern + " -> " + destination;
  }
}
