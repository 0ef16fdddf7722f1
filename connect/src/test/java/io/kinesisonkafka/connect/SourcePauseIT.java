package io.kinesisonkafka.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.connect.testkit.ConnectCluster;
import io.kinesisonkafka.connect.testkit.Kinesis;
import io.kinesisonkafka.connect.testkit.ServedKinesis;
import io.kinesisonkafka.connect.testkit.SharedConnect;
import io.kinesisonkafka.connect.testkit.SourceConfigs;
import io.kinesisonkafka.connect.testkit.Topics;
import io.kinesisonkafka.embedded.SharedKafka;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A polling source connector paused by its operator for longer than a shard iterator lives (5
 * minutes on AWS; 2 s on this test's server), records put meanwhile, then resumed: its tasks meet
 * ExpiredIteratorException on their held (and prefetched) iterators, take new ones from the last
 * record copied, and every record arrives once, in key order.
 */
class SourcePauseIT {
  private static final String CONNECTOR = "src-pause";
  private static final Duration ITERATOR_TTL = Duration.ofSeconds(2);
  private static final int KEYS = 8;

  @RegisterExtension
  static final ServedKinesis server =
      ServedKinesis.start("connect-pause", Map.of(), b -> b.iteratorTtl(ITERATOR_TTL));

  private static final KinesisClient kinesis = server.client();
  private static final URI endpoint = server.endpoint();
  private static ConnectCluster cluster;

  @BeforeAll
  static void start() {
    cluster = SharedConnect.exactlyOnce();
  }

  @Test
  void resumesAfterItsIteratorsExpiredWithEveryRecordOnceAndInOrder() throws Exception {
    String stream = "pause-" + System.nanoTime();
    String topic = "copy-" + stream;
    SdkStreams.createActive(kinesis, stream, 2);
    int written = Kinesis.write(kinesis, stream, KEYS, 0, 20, 2);
    try {
      var answer =
          cluster.rest().putConnector(CONNECTOR, SourceConfigs.source(endpoint, stream, topic));
      assertThat(answer.status()).as(answer.body().toString()).isIn(200, 201);
      int before = written;
      assertThat(read(topic, before)).hasSize(before);

      cluster.rest().call("PUT", "/connectors/" + CONNECTOR + "/pause", null);
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> cluster.rest().tasksIn(CONNECTOR, "PAUSED") == 2);
      written += Kinesis.write(kinesis, stream, KEYS, 20, 40, 2);
      Thread.sleep(2 * ITERATOR_TTL.toMillis());
      double expiredBefore = expiredIterators();
      cluster.rest().call("PUT", "/connectors/" + CONNECTOR + "/resume", null);

      int total = written;
      List<ConsumerRecord<String, byte[]>> read = read(topic, total);
      double expired = expiredIterators() - expiredBefore;
      SourceConnectorIT.Result result = SourceConnectorIT.Result.of(read);
      System.out.printf(
          "pause: written %d, read %d, duplicates %d, GetRecords answered"
              + " ExpiredIteratorException %.0f times after the resume%n",
          total, read.size(), result.duplicates, expired);
      assertThat(expired).as("GetRecords calls with an expired iterator").isPositive();
      assertThat(read).hasSize(total);
      result.assertEachKeyInOrder(KEYS, 40);
    } finally {
      // The cluster is shared with other test classes: never leave the connector running.
      cluster.rest().delete(CONNECTOR);
    }
  }

  /** The topic's records once it holds {@code count}; fails if the connector failed first. */
  private static List<ConsumerRecord<String, byte[]>> read(String topic, int count) {
    List<ConsumerRecord<String, byte[]>> read =
        Topics.read(
            SharedKafka.bootstrapServers(),
            topic,
            Duration.ofSeconds(90),
            r -> r.size() >= count || cluster.rest().failure(CONNECTOR) != null);
    assertThat(cluster.rest().failure(CONNECTOR)).isNull();
    return read;
  }

  /** GetRecords calls the server answered with ExpiredIteratorException so far. */
  private static double expiredIterators() throws Exception {
    return Kinesis.serverMetric(
        endpoint,
        "kinesis_api_requests_seconds_count",
        ".GetRecords\"",
        "ExpiredIteratorException");
  }
}
