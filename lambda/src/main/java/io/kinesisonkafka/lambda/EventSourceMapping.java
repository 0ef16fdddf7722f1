package io.kinesisonkafka.lambda;

import io.kinesisonkafka.lambda.internals.MappingJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A Lambda event source mapping for a Kinesis stream: the settings of {@code
 * CreateEventSourceMapping}, read from the JSON {@code aws lambda create-event-source-mapping
 * --cli-input-json} takes, with AWS's defaults and ranges. Immutable once made.
 *
 * @param functionName the function the mapping invokes ({@code FunctionName}); names its metrics
 *     and ARN
 * @param eventSourceArn the stream, {@code arn:aws:kinesis:<region>:<account>:stream/<name>}
 * @param streamName the stream's name, from the ARN
 * @param region the region, from the ARN ({@code awsRegion} of each record)
 * @param accountId the account, from the ARN
 * @param enabled {@code Enabled}: a disabled mapping is read but not started by the daemon
 * @param batchSize {@code BatchSize}: most records per invocation, 1..10,000, default 100
 * @param maximumBatchingWindow {@code MaximumBatchingWindowInSeconds}: how long to gather records
 *     before invoking, 0..300 s, default 0
 * @param startingPosition {@code StartingPosition}: where a shard without a checkpoint starts
 * @param startingPositionTimestamp {@code StartingPositionTimestamp}, with {@code AT_TIMESTAMP}
 *     only, else null
 * @param parallelizationFactor {@code ParallelizationFactor}: concurrent batches per shard, 1..10,
 *     default 1; records of one partition key stay in order
 * @param bisectBatchOnFunctionError {@code BisectBatchOnFunctionError}: split a failed batch in two
 *     and retry each half, default false
 * @param maximumRetryAttempts {@code MaximumRetryAttempts}: retries of a failed batch before it is
 *     discarded, 0..10,000, or -1 (default) for no limit
 * @param maximumRecordAge {@code MaximumRecordAgeInSeconds}: a failed batch whose oldest record is
 *     older than this is discarded, 60..604,800 s; empty for no limit (-1, the default)
 * @param onFailureDestination where discarded batches are described ({@code DestinationConfig
 *     .OnFailure.Destination}); empty for nowhere
 * @param tumblingWindow {@code TumblingWindowInSeconds}: 0..900 s, zero for no windows (the
 *     default)
 * @param reportBatchItemFailures whether {@code FunctionResponseTypes} holds {@code
 *     ReportBatchItemFailures}
 * @param filterPatterns {@code FilterCriteria.Filters[].Pattern}, at most 5; a record is passed to
 *     the function when it matches any
 */
public record EventSourceMapping(
    String functionName,
    String eventSourceArn,
    String streamName,
    String region,
    String accountId,
    boolean enabled,
    int batchSize,
    Duration maximumBatchingWindow,
    StartingPosition startingPosition,
    Instant startingPositionTimestamp,
    int parallelizationFactor,
    boolean bisectBatchOnFunctionError,
    int maximumRetryAttempts,
    Optional<Duration> maximumRecordAge,
    Optional<FailureDestination> onFailureDestination,
    Duration tumblingWindow,
    boolean reportBatchItemFailures,
    List<String> filterPatterns) {

  /** Where a shard without a checkpoint starts, as {@code StartingPosition} names it. */
  public enum StartingPosition {
    /** The oldest record still held. */
    TRIM_HORIZON,
    /** Records written after the mapping started. */
    LATEST,
    /** The first record at or after {@code StartingPositionTimestamp}. */
    AT_TIMESTAMP
  }

  /**
   * An on-failure destination: a Kafka topic or a file of JSON lines. In a mapping file it is
   * {@code kafka:<topic>}, {@code file:<path>}, or an SQS queue or SNS topic ARN, which names the
   * Kafka topic (its last part) so that a mapping written for AWS works unchanged.
   *
   * @param kind a Kafka topic or a file
   * @param target the topic's name or the file's path
   * @param configured the destination as the mapping file gave it
   */
  public record FailureDestination(Kind kind, String target, String configured) {
    /** The kinds of destination. */
    public enum Kind {
      /** A Kafka topic on the stream's cluster; one record per discarded batch. */
      KAFKA_TOPIC,
      /** A file; one JSON line per discarded batch, appended and flushed to disk. */
      FILE
    }
  }

  /**
   * Reads and checks a mapping from its JSON.
   *
   * @param json a {@code CreateEventSourceMapping} request as JSON
   * @return the mapping
   * @throws InvalidMappingException naming every unknown, missing or out-of-range setting, one
   *     message per setting
   */
  public static EventSourceMapping parse(String json) {
    return MappingJson.parse(json);
  }

  /**
   * Reads and checks a mapping file.
   *
   * @param file a file holding a {@code CreateEventSourceMapping} request as JSON
   * @return the mapping
   * @throws InvalidMappingException as {@link #parse(String)}
   * @throws UncheckedIOException if the file cannot be read
   */
  public static EventSourceMapping read(Path file) {
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the mapping file " + file, e);
    }
  }

  /**
   * The function's ARN, as Lambda reports it in on-failure records.
   *
   * @return {@code arn:aws:lambda:<region>:<account>:function:<name>}
   */
  public String functionArn() {
    return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
  }
}
