package io.kinesisonkafka.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.testkit.TestEngine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What becomes of lines on their way to Kafka: the AWS agent's own example configuration run
 * unchanged (CSVTOJSON, LOGTOJSON, both initial positions), multi-line records, header lines, a
 * footer, lines over the record limit, and a delivery stream's DirectPut topic.
 */
class RecordsIT {
  static TestEngine kit;

  @BeforeAll
  static void start() {
    kit = TestEngine.start("agentrec");
  }

  @AfterAll
  static void stop() {
    kit.close();
  }

  @Test
  void theAwsAgentsExampleConfigurationRunsUnchanged(@TempDir Path dir) throws Exception {
    // configuration/example/agent.json of awslabs/amazon-kinesis-agent, byte for byte: its files
    // are /tmp/aws-kinesis-agent-test{1,2}.log*, its streams aws-kinesis-agent-test{1,2}.
    Path example = dir.resolve("agent.json");
    try (var in = getClass().getResourceAsStream("/aws/example-agent.json")) {
      Files.copy(in, example);
    }
    Path csv = Path.of("/tmp/aws-kinesis-agent-test1.log");
    Path apache = Path.of("/tmp/aws-kinesis-agent-test2.log");
    Files.deleteIfExists(csv);
    Files.deleteIfExists(apache);
    kit.createActive("aws-kinesis-agent-test1", 2);
    kit.createActive("aws-kinesis-agent-test2", 2);
    Files.writeString(csv, "before\tthe\tstart\n"); // END_OF_FILE: not sent
    Files.writeString(
        apache,
        "10.0.0.1 - alice [07/Dec/2026:10:00:00 +0000] \"GET /a HTTP/1.1\" 200 12\n"
            + "not an access log line\n"); // START_OF_FILE: sent; the second line is skipped
    MeterRegistry registry = new SimpleMeterRegistry();
    try (KinesisAgent agent =
        KinesisAgent.start(
            AgentConfig.read(example, dir.resolve("agent.d"), kafkaOverrides(dir)),
            registry,
            f -> {})) {
      Thread.sleep(1500); // the first listing has placed the CSV file at its end
      Files.writeString(csv, "a\tb\tc\n1\t2\n", StandardOpenOption.APPEND);
      Files.writeString(
          apache,
          "10.0.0.2 - - [07/Dec/2026:10:00:01 +0000] \"POST /b HTTP/1.1\" 201 -\n",
          StandardOpenOption.APPEND);
      List<String> test1 = read(kit.topic("aws-kinesis-agent-test1"), 2);
      List<String> test2 = read(kit.topic("aws-kinesis-agent-test2"), 2);
      System.out.println("RecordsIT example config: test1 " + test1 + "; test2 " + test2);
      assertThat(test1)
          .containsExactlyInAnyOrder(
              "{\"field1\":\"a\",\"field2\":\"b\",\"field3\":\"c\"}\n",
              "{\"field1\":\"1\",\"field2\":\"2\",\"field3\":null}\n");
      assertThat(test2)
          .containsExactlyInAnyOrder(
              "{\"host\":\"10.0.0.1\",\"ident\":null,\"authuser\":\"alice\",\"datetime\":"
                  + "\"07/Dec/2026:10:00:00 +0000\",\"request\":\"GET /a HTTP/1.1\",\"response\":"
                  + "\"200\",\"bytes\":\"12\"}\n",
              "{\"host\":\"10.0.0.2\",\"ident\":null,\"authuser\":null,\"datetime\":"
                  + "\"07/Dec/2026:10:00:01 +0000\",\"request\":\"POST /b HTTP/1.1\",\"response\":"
                  + "\"201\",\"bytes\":null}\n");
      assertThat(
              registry
                  .get("TotalRecordsSkipped")
                  .tag("flow", flowOf(agent, "test2"))
                  .counter()
                  .count())
          .isEqualTo(1.0);
    } finally {
      Files.deleteIfExists(csv);
      Files.deleteIfExists(apache);
    }
  }

  @Test
  void multiLineRecordsHeadersFooterAndLinesOverTheLimit(@TempDir Path dir) throws Exception {
    kit.createActive("shaped", 1);
    Path log = dir.resolve("logs/app.log");
    Files.createDirectories(log.getParent());
    String longLine = "x".repeat(1_500_000) + "\n";
    Files.writeString(
        log,
        "# header 1\n# header 2\n"
            + "2026-12-07 ERROR boom\n  at a.B.c(B.java:1)\n  at a.B.d(B.java:2)\n"
            + "2026-12-07 INFO fine\n"
            + "2026-12-07 "
            + longLine
            + "2026-12-07 INFO after the long one\n"
            + "--- END OF LOG ---\n"
            + "2026-12-07 INFO after the footer: never sent\n");
    Path config =
        AgentJson.write(
            dir,
            kit,
            dir.resolve("checkpoints.json"),
            List.of(
                """
                {"filePattern": "%s", "kinesisStream": "shaped", "initialPosition": "START_OF_FILE",
                 "maxBufferAgeMillis": 1000, "skipHeaderLines": 2,
                 "multiLineStartPattern": "\\\\d{4}-\\\\d{2}-\\\\d{2}",
                 "fileFooterPattern": "--- END OF LOG ---",
                 "truncatedRecordTerminator": "[cut]\\n",
                 "dataProcessingOptions": [{"optionName": "SINGLELINE"}]}"""
                    .formatted(dir.resolve("logs") + "/*.log")));
    MeterRegistry registry = new SimpleMeterRegistry();
    try (KinesisAgent agent =
        KinesisAgent.start(
            AgentConfig.read(config, dir.resolve("agent.d"), Map.of()), registry, f -> {})) {
      List<String> records = read(kit.topic("shaped"), 4);
      Thread.sleep(2000); // nothing more comes: not the footer, not what follows it
      List<String> again = read(kit.topic("shaped"), 4);
      assertThat(again).hasSize(4);
      assertThat(records.get(0))
          .isEqualTo("2026-12-07 ERROR boomat a.B.c(B.java:1)at a.B.d(B.java:2)\n");
      assertThat(records.get(1)).isEqualTo("2026-12-07 INFO fine\n");
      assertThat(records.get(2)).startsWith("2026-12-07 xxxx").endsWith("x[cut]\n");
      assertThat(records.get(2).length()).isEqualTo(1024 * 1024 - 32);
      assertThat(records.get(3)).isEqualTo("2026-12-07 INFO after the long one\n");
      double truncated = registry.get("FileTailer.RecordsTruncated").counter().count();
      System.out.printf(
          "RecordsIT shaping: %d records (a 3-line record joined, a %d-byte line cut to %d bytes;"
              + " truncated counted %.0f), header and footer not sent%n",
          records.size(), longLine.length() + 11, records.get(2).length(), truncated);
      assertThat(truncated).isGreaterThanOrEqualTo(1.0);
      assertThat(agent.failure()).isNull();
    }
  }

  @Test
  void deliveryStreamFlowsAppendToTheFirehoseDirectPutTopicOnceItExists(@TempDir Path dir)
      throws Exception {
    Path log = dir.resolve("orders.log");
    Files.writeString(log, "order 1\norder 2\n");
    Path config =
        AgentJson.write(
            dir,
            kit,
            dir.resolve("checkpoints.json"),
            List.of(
                """
                {"filePattern": "%s", "deliveryStream": "orders", "initialPosition": "START_OF_FILE",
                 "maxBufferAgeMillis": 1000}"""
                    .formatted(log)));
    String topic = kit.namespace() + ".firehose.orders";
    try (KinesisAgent agent =
            KinesisAgent.start(
                AgentConfig.read(config, dir.resolve("agent.d"), Map.of()),
                new SimpleMeterRegistry(),
                f -> {});
        Admin admin = Admin.create(Map.of("bootstrap.servers", kit.bootstrapServers()))) {
      Thread.sleep(2000);
      assertThat(admin.listTopics().names().get())
          .as("the agent waits for the delivery stream; it does not auto-create its topic")
          .doesNotContain(topic);
      // What the Firehose bridge does on CreateDeliveryStream (DirectPut): the topic.
      admin
          .createTopics(
              Set.of(
                  new NewTopic(topic, Optional.of(1), Optional.empty())
                      .configs(Map.of("message.timestamp.type", "LogAppendTime"))))
          .all()
          .get();
      Files.writeString(log, "order 3\n", StandardOpenOption.APPEND);
      List<ConsumerRecord<byte[], byte[]>> records = readRaw(topic, 3, Duration.ofSeconds(60));
      assertThat(records)
          .extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
          .containsExactly("order 1\n", "order 2\n", "order 3\n");
      assertThat(records).allSatisfy(r -> assertThat(r.key()).isNull());
      System.out.println(
          "RecordsIT delivery stream: 3 records in " + topic + " after the topic appeared");
      assertThat(agent.failure()).isNull();
    }
  }

  private static String flowOf(KinesisAgent agent, String stream) {
    return "/tmp/aws-kinesis-agent-" + stream + ".log* -> kinesis:aws-kinesis-agent-" + stream;
  }

  private static Map<String, String> kafkaOverrides(Path dir) {
    return Map.of(
        "kafka.bootstrapServers", kit.bootstrapServers(),
        "kafka.topicPrefix", kit.config().topicPrefix(),
        "kafka.catalogTopic", kit.config().catalogTopic(),
        "kafka.catalogFreshnessMillis", "300",
        "kafka.fastAckBoundMillis", "700",
        "kafka.rateLimit", "0",
        "checkpointFile", dir.resolve("checkpoints.json").toString());
  }

  /**
   * At least {@code count} record values of a topic, within 60 s, in partition-then-offset order.
   */
  private static List<String> read(String topic, int count) {
    List<String> out = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : readRaw(topic, count, Duration.ofSeconds(60))) {
      out.add(new String(r.value(), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static List<ConsumerRecord<byte[], byte[]>> readRaw(
      String topic, int count, Duration timeout) {
    Properties p = new Properties();
    p.put("bootstrap.servers", kit.bootstrapServers());
    p.put("key.deserializer", ByteArrayDeserializer.class.getName());
    p.put("value.deserializer", ByteArrayDeserializer.class.getName());
    p.put("max.partition.fetch.bytes", 8 * 1024 * 1024);
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p)) {
      List<TopicPartition> parts = new ArrayList<>();
      c.partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      c.assign(parts);
      c.seekToBeginning(parts);
      Awaitility.await()
          .atMost(timeout)
          .pollInterval(Duration.ZERO)
          .until(
              () -> {
                c.poll(Duration.ofMillis(200)).forEach(out::add);
                return out.size() >= count;
              });
      // Anything more within a short while is a record too many.
      c.poll(Duration.ofMillis(500)).forEach(out::add);
    }
    out.sort(
        (a, b) ->
            a.partition() != b.partition()
                ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
    return out;
  }
}
