package io.kinesisonkafka.compose;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DashboardTest {

  @Test
  void findsTheMetricNamesOfAnExpressionAndNothingElse() {
    assertThat(
            Dashboard.metricNames(
                "sum by (DeliveryStreamName) (rate(DeliveryToS3_Success_sum{job=\"firehose\"}[5m]))"
                    + " / on (DeliveryStreamName) sum without (instance) (rate(DeliveryToS3_Success_count[$__rate_interval]))"
                    + " > bool 0.5 or kinesis:recorded offset 5m"))
        .containsExactlyInAnyOrder(
            "DeliveryToS3_Success_sum", "DeliveryToS3_Success_count", "kinesis:recorded");
  }

  @Test
  void theDashboardShowsWhatTheIssueAsksFor() {
    var names = Dashboard.metricNames(Dashboard.file());
    System.out.println("dashboard queries " + names.size() + " metrics: " + names);
    assertThat(names)
        .contains(
            "kinesis_IncomingRecords_total",
            "kinesis_IncomingBytes_total",
            "kinesis_GetRecords_IteratorAgeMilliseconds_max",
            "kinesis_WriteProvisionedThroughputExceeded_total",
            "DeliveryToS3_DataFreshness_seconds",
            "DeliveryToS3_Success_sum");
  }
}
