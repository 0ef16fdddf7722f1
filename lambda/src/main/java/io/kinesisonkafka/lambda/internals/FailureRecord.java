package io.kinesisonkafka.lambda.internals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kinesisonkafka.lambda.EventSourceMapping;
import java.time.Instant;
import java.util.List;

/**
 * The on-failure record Lambda sends for a discarded Kinesis batch: {@code requestContext}, {@code
 * responseContext}, {@code version}, {@code timestamp} and {@code KinesisBatchInfo} (shard, first
 * and last sequence numbers, arrival of the first and last record, batch size, stream ARN).
 */
final class FailureRecord {
  static final String RETRIES_EXHAUSTED = "RetryAttemptsExhausted";
  static final String RECORD_AGE_EXCEEDED = "RecordAgeExceeded";

  private static final ObjectMapper JSON = new ObjectMapper();

  private FailureRecord() {}

  static byte[] of(
      EventSourceMapping mapping,
      String shardId,
      List<Entry> batch,
      String condition,
      int invokeCount,
      Outcome last,
      Instant now) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode request = root.putObject("requestContext");
    request.put("requestId", last.requestId());
    request.put("functionArn", mapping.functionArn());
    request.put("condition", condition);
    request.put("approximateInvokeCount", invokeCount);
    ObjectNode response = root.putObject("responseContext");
    response.put("statusCode", 200);
    response.put("executedVersion", "$LATEST");
    if (last.functionError() != null) {
      response.put("functionError", last.functionError());
    }
    root.put("version", "1.0");
    root.put("timestamp", now.toString());
    ObjectNode info = root.putObject("KinesisBatchInfo");
    info.put("shardId", shardId);
    info.put("startSequenceNumber", batch.get(0).record.sequenceNumber());
    info.put("endSequenceNumber", batch.get(batch.size() - 1).record.sequenceNumber());
    info.put(
        "approximateArrivalOfFirstRecord",
        Instant.ofEpochMilli(batch.get(0).arrivalMillis).toString());
    info.put(
        "approximateArrivalOfLastRecord",
        Instant.ofEpochMilli(batch.get(batch.size() - 1).arrivalMillis).toString());
    info.put("batchSize", batch.size());
    info.put("streamArn", mapping.eventSourceArn());
    try {
      return JSON.writeValueAsBytes(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
