package io.kinesisonkafka.adapter.internals.engine;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_ARGUMENT;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.RESOURCE_NOT_FOUND;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.VALIDATION;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.model.StreamRef;
import java.util.regex.Pattern;

/**
 * Checks of request members against the Kinesis model's constraints, with the messages AWS gives
 * ("1 validation error detected: Value ... at ... failed to satisfy constraint: ...").
 */
final class ModelConstraints {
  static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]+");
  static final Pattern SEQUENCE_NUMBER = Pattern.compile("0|([1-9]\\d{0,128})");
  private static final Pattern ARN =
      Pattern.compile("arn:aws[^:]*:kinesis:([^:]*):(\\d{12}):stream/([a-zA-Z0-9_.-]{1,128})");

  private final EngineConfig config;

  ModelConstraints(EngineConfig config) {
    this.config = config;
  }

  static KinesisException invalid(String member, Object value, String constraint) {
    return VALIDATION.exception(
        "1 validation error detected: Value '%s' at '%s' failed to satisfy constraint: Member %s",
        value, member, constraint);
  }

  static String name(String member, String value) {
    if (value == null) {
      throw invalid(member, null, "must not be null");
    }
    if (value.isEmpty() || value.length() > 128) {
      throw invalid(member, value, "must have length between 1 and 128");
    }
    if (!NAME.matcher(value).matches()) {
      throw invalid(member, value, "must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }
    return value;
  }

  /** The stream name a request means, from StreamName, StreamARN, or both when they agree. */
  String streamName(StreamRef ref) {
    if (ref == null || (ref.streamName() == null && ref.streamArn() == null)) {
      throw INVALID_ARGUMENT.exception("Neither StreamName nor StreamARN was provided.");
    }
    String fromName = ref.streamName() == null ? null : name("streamName", ref.streamName());
    if (ref.streamArn() == null) {
      return fromName;
    }
    var m = ARN.matcher(ref.streamArn());
    if (ref.streamArn().length() > 2048 || !m.matches()) {
      throw invalid(
          "streamARN",
          ref.streamArn(),
          "must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+");
    }
    if (!m.group(1).equals(config.region()) || !m.group(2).equals(config.accountId())) {
      throw RESOURCE_NOT_FOUND.exception(
          "Stream %s under account %s not found.", ref.streamArn(), m.group(2));
    }
    if (fromName != null && !fromName.equals(m.group(3))) {
      throw INVALID_ARGUMENT.exception(
          "StreamARN %s and StreamName %s name different streams.", ref.streamArn(), fromName);
    }
    return m.group(3);
  }

  String shardId(String shardId) {
    return name("shardId", shardId);
  }

  String sequenceNumber(String sequenceNumber) {
    if (sequenceNumber == null || !SEQUENCE_NUMBER.matcher(sequenceNumber).matches()) {
      throw invalid(
          "startingSequenceNumber",
          sequenceNumber,
          "must satisfy regular expression pattern: 0|([1-9]\\d{0,128})");
    }
    return sequenceNumber;
  }

  static String partitionKey(String partitionKey) {
    if (partitionKey == null) {
      throw invalid("partitionKey", null, "must not be null");
    }
    if (partitionKey.isEmpty() || partitionKey.length() > 256) {
      throw invalid("partitionKey", partitionKey, "must have length between 1 and 256");
    }
    return partitionKey;
  }

  static int limit(Integer value, String member, int min, int max, int dflt) {
    if (value == null) {
      return dflt;
    }
    if (value < min) {
      throw invalid(member, value, "must have value greater than or equal to " + min);
    }
    if (value > max) {
      throw invalid(member, value, "must have value less than or equal to " + max);
    }
    return value;
  }

  static void range(String member, int value, int min, int max) {
    if (value < min || value > max) {
      throw INVALID_ARGUMENT.exception(
          "%s %d is not in the range [%d, %d].", member, value, min, max);
    }
  }
}
