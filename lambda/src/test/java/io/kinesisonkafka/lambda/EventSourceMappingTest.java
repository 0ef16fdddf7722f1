package io.kinesisonkafka.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.lambda.EventSourceMapping.FailureDestination;
import io.kinesisonkafka.lambda.EventSourceMapping.StartingPosition;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventSourceMappingTest {
  private static final String ARN = "arn:aws:kinesis:eu-west-1:123456789012:stream/orders";

  @Test
  void takesAwsDefaultsForWhatTheFileLeavesOut() {
    EventSourceMapping m =
        EventSourceMapping.parse(
            """
            {"FunctionName": "billing", "EventSourceArn": "%s", "StartingPosition": "LATEST"}
            """
                .formatted(ARN));
    assertThat(m.streamName()).isEqualTo("orders");
    assertThat(m.region()).isEqualTo("eu-west-1");
    assertThat(m.accountId()).isEqualTo("123456789012");
    assertThat(m.functionArn()).isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:billing");
    assertThat(m.enabled()).isTrue();
    assertThat(m.batchSize()).isEqualTo(100);
    assertThat(m.maximumBatchingWindow()).isZero();
    assertThat(m.parallelizationFactor()).isEqualTo(1);
    assertThat(m.bisectBatchOnFunctionError()).isFalse();
    assertThat(m.maximumRetryAttempts()).isEqualTo(-1);
    assertThat(m.maximumRecordAge()).isEmpty();
    assertThat(m.tumblingWindow()).isZero();
    assertThat(m.reportBatchItemFailures()).isFalse();
    assertThat(m.filterPatterns()).isEmpty();
    assertThat(m.onFailureDestination()).isEmpty();
  }

  @Test
  void readsEverySettingOfACliInputJsonFile() {
    EventSourceMapping m =
        EventSourceMapping.parse(
            """
            {
              "FunctionName": "arn:aws:lambda:eu-west-1:123456789012:function:billing",
              "EventSourceArn": "%s",
              "Enabled": false,
              "BatchSize": 10000,
              "MaximumBatchingWindowInSeconds": 300,
              "StartingPosition": "AT_TIMESTAMP",
              "StartingPositionTimestamp": 1700000000.5,
              "ParallelizationFactor": 10,
              "BisectBatchOnFunctionError": true,
              "MaximumRetryAttempts": 10000,
              "MaximumRecordAgeInSeconds": 604800,
              "DestinationConfig": {"OnFailure": {"Destination": "arn:aws:sqs:eu-west-1:123456789012:dlq"}},
              "TumblingWindowInSeconds": 900,
              "FunctionResponseTypes": ["ReportBatchItemFailures"],
              "FilterCriteria": {"Filters": [{"Pattern": "{\\"data\\": {\\"kind\\": [\\"a\\"]}}"}]},
              "Tags": {"team": "billing"}
            }
            """
                .formatted(ARN));
    assertThat(m.functionName()).isEqualTo("billing");
    assertThat(m.enabled()).isFalse();
    assertThat(m.batchSize()).isEqualTo(10_000);
    assertThat(m.maximumBatchingWindow()).isEqualTo(Duration.ofSeconds(300));
    assertThat(m.startingPosition()).isEqualTo(StartingPosition.AT_TIMESTAMP);
    assertThat(m.startingPositionTimestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_500L));
    assertThat(m.parallelizationFactor()).isEqualTo(10);
    assertThat(m.bisectBatchOnFunctionError()).isTrue();
    assertThat(m.maximumRetryAttempts()).isEqualTo(10_000);
    assertThat(m.maximumRecordAge()).contains(Duration.ofSeconds(604_800));
    assertThat(m.onFailureDestination())
        .contains(
            new FailureDestination(
                FailureDestination.Kind.KAFKA_TOPIC,
                "dlq",
                "arn:aws:sqs:eu-west-1:123456789012:dlq"));
    assertThat(m.tumblingWindow()).isEqualTo(Duration.ofSeconds(900));
    assertThat(m.reportBatchItemFailures()).isTrue();
    assertThat(m.filterPatterns()).hasSize(1);
  }

  @Test
  void refusesEveryBadSettingAtOnceWithOneMessageEach() {
    assertThatThrownBy(
            () ->
                EventSourceMapping.parse(
                    """
                    {
                      "FunctionName": "billing",
                      "EventSourceArn": "%s",
                      "StartingPosition": "NEWEST",
                      "BatchSize": 0,
                      "MaximumBatchingWindowInSeconds": 301,
                      "ParallelizationFactor": 11,
                      "MaximumRetryAttempts": -2,
                      "MaximumRecordAgeInSeconds": 59,
                      "TumblingWindowInSeconds": 901,
                      "BisectBatchOnFunctionError": "yes",
                      "FunctionResponseTypes": ["ReportItemFailures"],
                      "DestinationConfig": {"OnFailure": {"Destination": "s3://bucket"}},
                      "FilterCriteria": {"Filters": [{"Pattern": "{\\"partitionKey\\": [\\"a\\"]}"}]},
                      "Queues": ["q"],
                      "BatchSise": 10
                    }
                    """
                        .formatted(ARN)))
        .isInstanceOfSatisfying(
            InvalidMappingException.class,
            e -> {
              System.out.println(e.getMessage());
              assertThat(e.problems())
                  .containsExactlyInAnyOrder(
                      "Queues applies to Amazon MQ sources, not to a Kinesis stream",
                      "BatchSise is not a setting of CreateEventSourceMapping",
                      "BisectBatchOnFunctionError must be true or false, but was \"yes\"",
                      "BatchSize must be in [1, 10000], but was 0",
                      "MaximumBatchingWindowInSeconds must be in [0, 300], but was 301",
                      "ParallelizationFactor must be in [1, 10], but was 11",
                      "MaximumRetryAttempts must be in [-1, 10000], but was -2",
                      "MaximumRecordAgeInSeconds must be -1 (no limit) or in [60, 604800], but"
                          + " was 59",
                      "TumblingWindowInSeconds must be in [0, 900], but was 901",
                      "StartingPosition must be TRIM_HORIZON, LATEST or AT_TIMESTAMP, but was"
                          + " 'NEWEST'",
                      "FunctionResponseTypes may only hold ReportBatchItemFailures, but held"
                          + " \"ReportItemFailures\"",
                      "DestinationConfig.OnFailure.Destination must be kafka:<topic>, file:<path>,"
                          + " or an SQS queue or SNS topic ARN (its name is the Kafka topic), but"
                          + " was 's3://bucket'",
                      "FilterCriteria.Filters[0].Pattern is not a valid filter pattern: Kinesis"
                          + " event source mappings filter on the data key only, not on"
                          + " 'partitionKey'");
            });
  }

  @Test
  void refusesAMappingWithoutStreamFunctionOrStartingPosition() {
    assertThatThrownBy(() -> EventSourceMapping.parse("{\"EventSourceArn\": \"arn:aws:sqs:x\"}"))
        .isInstanceOfSatisfying(
            InvalidMappingException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "FunctionName must be set",
                        "EventSourceArn must be a Kinesis stream ARN (arn:aws:kinesis:<region>"
                            + ":<account>:stream/<name>), but was 'arn:aws:sqs:x'",
                        "StartingPosition must be set for a Kinesis stream (TRIM_HORIZON, LATEST"
                            + " or AT_TIMESTAMP)"));
    assertThatThrownBy(
            () ->
                EventSourceMapping.parse(
                    "{\"FunctionName\": \"f\", \"EventSourceArn\": \"%s\",".formatted(ARN)
                        + " \"StartingPosition\": \"AT_TIMESTAMP\"}"))
        .hasMessageContaining(
            "StartingPositionTimestamp must be set with StartingPosition AT_TIMESTAMP");
  }

  @Test
  void takesKafkaTopicsAndFilesAsOnFailureDestinations() {
    String base =
        "{\"FunctionName\": \"f\", \"EventSourceArn\": \"%s\", \"StartingPosition\": \"LATEST\","
            .formatted(ARN);
    assertThat(
            EventSourceMapping.parse(
                    base
                        + "\"DestinationConfig\": {\"OnFailure\": {\"Destination\":"
                        + " \"kafka:failed-orders\"}}}")
                .onFailureDestination())
        .map(FailureDestination::target)
        .isEqualTo(Optional.of("failed-orders"));
    assertThat(
            EventSourceMapping.parse(
                    base
                        + "\"DestinationConfig\": {\"OnFailure\": {\"Destination\":"
                        + " \"file:/var/log/failed.jsonl\"}}}")
                .onFailureDestination())
        .map(FailureDestination::kind)
        .isEqualTo(Optional.of(FailureDestination.Kind.FILE));
  }
}
