package io.kinesisonkafka.adapter;

import static io.kinesisonkafka.adapter.testkit.TestEngines.createActive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.mapping.HashKeySpace;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.DescribeStreamRequest;
import io.kinesisonkafka.adapter.model.ListStreamsRequest;
import io.kinesisonkafka.adapter.model.ListStreamsResult;
import io.kinesisonkafka.adapter.model.ListTagsForStreamRequest;
import io.kinesisonkafka.adapter.model.ListTagsResult;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.StreamDescription;
import io.kinesisonkafka.adapter.model.StreamDescriptionSummary;
import io.kinesisonkafka.adapter.model.StreamMode;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StreamsIT {
  static KinesisEngine engine;
  static Admin admin;

  @BeforeAll
  static void start() {
    engine = KinesisEngine.start(TestEngines.isolated().accountId("123456789012").build());
    admin =
        Admin.create(
            Map.of(
                "bootstrap.servers", engine.config().kafkaProperties().get("bootstrap.servers")));
  }

  @AfterAll
  static void stop() {
    engine.close();
    admin.close();
  }

  private static String topic(String stream) {
    return engine.config().topicPrefix() + stream;
  }

  @Test
  void createdStreamIsActiveWithEvenHashKeyRangesAndOnePartitionPerShard() throws Exception {
    StreamRef ref = createActive(engine, "even", 4);
    StreamDescription d = engine.describeStream(DescribeStreamRequest.of(ref));
    assertThat(d.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
    assertThat(d.streamArn()).isEqualTo("arn:aws:kinesis:us-east-1:123456789012:stream/even");
    assertThat(d.shards())
        .extracting(Shard::shardId)
        .containsExactly(
            "shardId-000000000000",
            "shardId-000000000001",
            "shardId-000000000002",
            "shardId-000000000003");
    assertThat(d.shards().get(0).hashKeyRange().endingHashKey())
        .isEqualTo(new BigInteger("85070591730234615865843651857942052863"));
    assertThat(d.shards().get(3).hashKeyRange().endingHashKey()).isEqualTo(HashKeySpace.MAX);
    assertThat(d.retentionPeriodHours()).isEqualTo(24);
    TopicDescription t =
        admin.describeTopics(List.of(topic("even"))).allTopicNames().get().get(topic("even"));
    assertThat(t.partitions()).hasSize(4);
  }

  @Test
  void creatingAnExistingStreamIsResourceInUse() {
    createActive(engine, "twice", 1);
    assertThatThrownBy(() -> engine.createStream(CreateStreamRequest.provisioned("twice", 1)))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(KinesisErrorCode.RESOURCE_IN_USE);
              assertThat(e.getMessage())
                  .isEqualTo("Stream twice under account 123456789012 already exists.");
            });
  }

  @Test
  void rejectsBadStreamNamesAndShardCountsWithoutCreatingAnything() {
    assertThatThrownBy(() -> engine.createStream(CreateStreamRequest.provisioned("bad name", 1)))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> assertThat(e.code()).isEqualTo(KinesisErrorCode.VALIDATION));
    assertThatThrownBy(() -> engine.createStream(CreateStreamRequest.provisioned("zero", 0)))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> assertThat(e.code()).isEqualTo(KinesisErrorCode.VALIDATION));
    assertThatThrownBy(
            () -> engine.createStream(new CreateStreamRequest("toolarge", 1, null, 20_000, null)))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> assertThat(e.code()).isEqualTo(KinesisErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> engine.createStream(CreateStreamRequest.provisioned("huge", 100_000)))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> assertThat(e.code()).isEqualTo(KinesisErrorCode.LIMIT_EXCEEDED));
    List<String> names = engine.listStreams(ListStreamsRequest.all()).streamNames();
    assertThat(names).doesNotContain("bad name", "zero", "toolarge", "huge");
  }

  @Test
  void unknownStreamIsResourceNotFoundInKinesisWords() {
    assertThatThrownBy(() -> engine.describeStreamSummary(StreamRef.named("nope")))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(KinesisErrorCode.RESOURCE_NOT_FOUND);
              assertThat(e.getMessage())
                  .isEqualTo("Stream nope under account 123456789012 not found.");
            });
  }

  @Test
  void streamArnWorksWhereverAStreamNameDoes() {
    createActive(engine, "byarn", 1);
    StreamRef arn = StreamRef.arn("arn:aws:kinesis:us-east-1:123456789012:stream/byarn");
    assertThat(engine.describeStreamSummary(arn).streamName()).isEqualTo("byarn");
    assertThatThrownBy(() -> engine.describeStreamSummary(new StreamRef("other", arn.streamArn())))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> assertThat(e.code()).isEqualTo(KinesisErrorCode.INVALID_ARGUMENT));
  }

  @Test
  void summaryReportsOpenShardsAndMaxRecordSizeButNoStreamId() {
    engine.createStream(new CreateStreamRequest("summary", 3, null, 2048, Map.of("team", "a")));
    StreamRef ref = TestEngines.awaitActive(engine, "summary");
    StreamDescriptionSummary s = engine.describeStreamSummary(ref);
    assertThat(s.openShardCount()).isEqualTo(3);
    assertThat(s.maxRecordSizeInKiB()).isEqualTo(2048);
    assertThat(s.streamMode()).isEqualTo(StreamMode.PROVISIONED);
    assertThat(engine.listTagsForStream(ListTagsForStreamRequest.of(ref)).tags())
        .containsExactly(new ListTagsResult.Tag("team", "a"));
  }

  @Test
  void onDemandStreamsStartWithFourShards() {
    engine.createStream(
        new CreateStreamRequest("ondemand", null, StreamMode.ON_DEMAND, null, null));
    StreamRef ref = TestEngines.awaitActive(engine, "ondemand");
    assertThat(engine.describeStreamSummary(ref).openShardCount()).isEqualTo(4);
    assertThatThrownBy(() -> engine.splitShard(ref, "shardId-000000000000", "12345"))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> assertThat(e.code()).isEqualTo(KinesisErrorCode.VALIDATION));
  }

  @Test
  void deletedStreamDisappearsWithItsTopicAndItsNameCanBeReused() throws Exception {
    StreamRef ref = createActive(engine, "gone", 1);
    engine.deleteStream(ref, false);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> !engine.listStreams(ListStreamsRequest.all()).streamNames().contains("gone"));
    assertThat(admin.listTopics().names().get()).doesNotContain(topic("gone"));
    createActive(engine, "gone", 2);
    assertThat(engine.describeStreamSummary(ref).openShardCount()).isEqualTo(2);
  }

  @Test
  void listStreamsPagesInNameOrder() {
    for (String n : List.of("page-a", "page-b", "page-c")) {
      engine.createStream(CreateStreamRequest.provisioned(n, 1));
    }
    List<String> seen = new ArrayList<>();
    ListStreamsResult page = engine.listStreams(ListStreamsRequest.all().withLimit(1));
    seen.addAll(page.streamNames());
    while (page.hasMoreStreams()) {
      page = engine.listStreams(new ListStreamsRequest(1, null, page.nextToken()));
      seen.addAll(page.streamNames());
    }
    assertThat(seen).isSorted().contains("page-a", "page-b", "page-c");
  }

  @Test
  void retentionChangesReachTheTopicAndOutOfRangeValuesAreRefused() throws Exception {
    StreamRef ref = createActive(engine, "retention", 1);
    engine.increaseStreamRetentionPeriod(ref, 48);
    assertThat(engine.describeStreamSummary(ref).retentionPeriodHours()).isEqualTo(48);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic("retention"));
    assertThat(
            admin
                .describeConfigs(List.of(resource))
                .all()
                .get()
                .get(resource)
                .get("retention.ms")
                .value())
        .isEqualTo(Long.toString(Duration.ofHours(48).toMillis()));
    assertThatThrownBy(() -> engine.decreaseStreamRetentionPeriod(ref, 72))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> assertThat(e.code()).isEqualTo(KinesisErrorCode.INVALID_ARGUMENT));
    assertThatThrownBy(() -> engine.increaseStreamRetentionPeriod(ref, 8761))
        .isInstanceOf(KinesisException.class);
    assertThatThrownBy(() -> engine.decreaseStreamRetentionPeriod(ref, 23))
        .isInstanceOf(KinesisException.class);
    engine.decreaseStreamRetentionPeriod(ref, 24);
    assertThat(engine.describeStreamSummary(ref).retentionPeriodHours()).isEqualTo(24);
  }

  @Test
  void maxRecordSizeUpdatesTheTopicLimit() throws Exception {
    StreamRef ref = createActive(engine, "bigrecords", 1);
    engine.updateMaxRecordSize(ref, 4096);
    assertThat(engine.describeStreamSummary(ref).maxRecordSizeInKiB()).isEqualTo(4096);
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic("bigrecords"));
    int max =
        Integer.parseInt(
            admin
                .describeConfigs(List.of(resource))
                .all()
                .get()
                .get(resource)
                .get("max.message.bytes")
                .value());
    assertThat(max).isGreaterThanOrEqualTo(4096 * 1024);
  }

  @Test
  void tagsAreAddedRemovedAndPaged() {
    StreamRef ref = createActive(engine, "tags", 1);
    engine.addTagsToStream(ref, Map.of("a", "1", "b", "2", "c", "3"));
    engine.removeTagsFromStream(ref, List.of("b"));
    ListTagsResult first = engine.listTagsForStream(ListTagsForStreamRequest.of(ref).withLimit(1));
    assertThat(first.tags()).containsExactly(new ListTagsResult.Tag("a", "1"));
    assertThat(first.hasMoreTags()).isTrue();
    assertThat(
            engine
                .listTagsForStream(
                    ListTagsForStreamRequest.of(ref).withExclusiveStartTagKey("a").withLimit(10))
                .tags())
        .containsExactly(new ListTagsResult.Tag("c", "3"));
  }

  @Test
  void describeLimitsCountsOpenShards() {
    createActive(engine, "limits", 2);
    assertThat(engine.describeLimits().openShardCount()).isGreaterThanOrEqualTo(2);
    assertThat(engine.describeLimits().shardLimit()).isEqualTo(engine.config().shardLimit());
  }
}
