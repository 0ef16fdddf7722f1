package io.kinesisonkafka.adapter.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kinesisonkafka.adapter.compat.CompatClients.WireRecorder;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ChildShard;
import software.amazon.awssdk.services.kinesis.model.Consumer;
import software.amazon.awssdk.services.kinesis.model.ConsumerDescription;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamResponse;
import software.amazon.awssdk.services.kinesis.model.DisableEnhancedMonitoringResponse;
import software.amazon.awssdk.services.kinesis.model.EnableEnhancedMonitoringResponse;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.LimitExceededException;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamConsumersResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.ListTagsForStreamResponse;
import software.amazon.awssdk.services.kinesis.model.MetricsName;
import software.amazon.awssdk.services.kinesis.model.PutRecordResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ScalingType;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardFilterType;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescription;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;
import software.amazon.awssdk.services.kinesis.model.StreamSummary;
import software.amazon.awssdk.services.kinesis.model.Tag;
import software.amazon.awssdk.services.kinesis.model.UpdateShardCountResponse;
import software.amazon.awssdk.services.kinesis.model.ValidationException;
import software.amazon.awssdk.services.kinesis.waiters.KinesisWaiter;

/**
 * The Kinesis Data Streams behaviours an unmodified AWS SDK client relies on, written once and run
 * through each real client (sync Apache with CBOR and with JSON, async Netty over h2c and over TLS)
 * by the concrete {@code *IT} subclasses, in the manner of micrometer's TCK: the subclass only says
 * how to connect. One server per class; every test makes its own streams unless it only reads.
 *
 * <p>Assertions on messages are limited to texts that are Kinesis' own (quoted from the service or
 * from emulators that copied it); for the rest only the modelled exception class is checked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
public abstract class KinesisCompatibilitySuite {
  static final BigInteger HASH_SPACE = BigInteger.ONE.shiftLeft(128);
  static final BigInteger MAX_HASH_KEY = HASH_SPACE.subtract(BigInteger.ONE);
  static final String ACCOUNT = CompatClients.ACCOUNT;

  /**
   * Every operation the server registers (server/operations/*Operations.java, KinesisApi.java).
   * SubscribeToShard is covered by SubscribeToShardIT, every other one by this suite.
   */
  static final Set<String> REGISTERED_OPERATIONS =
      Set.of(
          "CreateStream",
          "DeleteStream",
          "DescribeStream",
          "DescribeStreamSummary",
          "ListStreams",
          "IncreaseStreamRetentionPeriod",
          "DecreaseStreamRetentionPeriod",
          "UpdateStreamMode",
          "UpdateMaxRecordSize",
          "EnableEnhancedMonitoring",
          "DisableEnhancedMonitoring",
          "StartStreamEncryption",
          "StopStreamEncryption",
          "DescribeLimits",
          "DescribeAccountSettings",
          "ListShards",
          "SplitShard",
          "MergeShards",
          "UpdateShardCount",
          "PutRecord",
          "PutRecords",
          "GetShardIterator",
          "GetRecords",
          "AddTagsToStream",
          "RemoveTagsFromStream",
          "ListTagsForStream",
          "TagResource",
          "UntagResource",
          "ListTagsForResource",
          "RegisterStreamConsumer",
          "DescribeStreamConsumer",
          "ListStreamConsumers",
          "DeregisterStreamConsumer",
          "SubscribeToShard");

  private final AtomicInteger streams = new AtomicInteger();
  private final Instant classStart = Instant.now();
  protected final WireRecorder wire = new WireRecorder();
  protected KinesisServer server;
  protected KinesisClient kinesis;

  /** Streams the read-only tests share: three shards, and two shards for records. */
  private String three;

  private String records;

  /** The client under test, connected to {@code server}, with {@code recorder} installed. */
  protected abstract KinesisClient connect(KinesisServer server, WireRecorder recorder);

  /** The Content-Type every request of this client must carry. */
  protected abstract String expectedContentType();

  /** Whether this client speaks HTTP/2 (the async Netty client) or HTTP/1.1 (Apache). */
  protected abstract boolean expectsHttp2();

  /** Settings of this class's server beyond the kit's defaults. */
  protected Map<Setting, String> serverSettings() {
    return Map.of();
  }

  @BeforeAll
  void startServerAndClient() {
    server = CompatClients.startServer(getClass().getSimpleName(), serverSettings());
    kinesis = connect(server, wire);
    three = name("three");
    records = name("records");
    kinesis.createStream(r -> r.streamName(three).shardCount(3));
    kinesis.createStream(r -> r.streamName(records).shardCount(2));
    awaitActive(three);
    awaitActive(records);
  }

  @AfterAll
  void stopServerAndClient() {
    if (kinesis != null) {
      kinesis.close();
    }
    if (server != null) {
      server.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The kit itself

  @Test
  void everyOperationTheServerRegistersIsOneTheKitCovers() {
    for (String op : REGISTERED_OPERATIONS) {
      assertThat(server.registry().find("Kinesis_20131202." + op)).as(op).isNotNull();
    }
    assertThat(server.registry().size())
        .as("operations registered; add new ones to REGISTERED_OPERATIONS and to the suite")
        .isEqualTo(REGISTERED_OPERATIONS.size());
  }

  /** Last, so that it judges every request the other tests made. */
  @Test
  @Order(Integer.MAX_VALUE)
  void everyRequestWentOutInTheWireFormatAndHttpVersionUnderTest() {
    kinesis.describeLimits(r -> {});
    assertThat(wire.contentTypes).containsOnly(expectedContentType());
    await()
        .untilAsserted(
            () ->
                assertThat(wire.http2Calls.get())
                    .as("calls over HTTP/2 of %s calls", wire.calls.get())
                    .isEqualTo(expectsHttp2() ? wire.calls.get() : 0));
    assertThat(wire.calls.get()).isPositive();
  }

  /**
   * Last, after the class's other tests: each registered operation went through this client at
   * least once (SubscribeToShard, which the sync API lacks, in SubscribeToShardIT). Runs only when
   * the whole class runs; a single selected test does not select it.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void everyRegisteredOperationWentThroughTheClient() {
    Set<String> missed = new TreeSet<>(REGISTERED_OPERATIONS);
    missed.removeAll(wire.operations);
    assertThat(missed).containsExactly("SubscribeToShard");
  }

  // ---------------------------------------------------------------------------------------------
  // Streams

  @Test
  void aProvisionedStreamBecomesActiveWithEvenHashKeyRangesAndItsTags() {
    String name = name("provisioned");
    kinesis.createStream(
        r -> r.streamName(name).shardCount(3).tags(Map.of("team", "data", "env", "test")));
    awaitActive(name);

    StreamDescription d = kinesis.describeStream(r -> r.streamName(name)).streamDescription();
    assertThat(d.streamName()).isEqualTo(name);
    assertThat(d.streamARN()).isEqualTo(arn(name));
    assertThat(d.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
    assertThat(d.streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);
    assertThat(d.retentionPeriodHours()).isEqualTo(24);
    assertRecent(d.streamCreationTimestamp());
    assertThat(d.hasMoreShards()).isFalse();
    assertThat(d.encryptionType()).isEqualTo(EncryptionType.NONE);
    assertThat(d.enhancedMonitoring()).hasSize(1);
    assertThat(d.enhancedMonitoring().get(0).shardLevelMetrics()).isEmpty();
    assertEvenShards(d.shards(), 3);
    for (Shard s : d.shards()) {
      assertThat(s.parentShardId()).isNull();
      assertThat(s.sequenceNumberRange().startingSequenceNumber()).matches("0|[1-9]\\d*");
      assertThat(s.sequenceNumberRange().endingSequenceNumber()).isNull();
    }
    assertThat(kinesis.listTagsForStream(r -> r.streamName(name)).tags())
        .containsExactlyInAnyOrder(tag("team", "data"), tag("env", "test"));
  }

  @Test
  void anOnDemandStreamStartsWithFourShards() {
    String name = name("ondemand");
    kinesis.createStream(
        r -> r.streamName(name).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
    StreamDescriptionSummary s = awaitActive(name);
    assertThat(s.streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);
    assertThat(s.openShardCount()).isEqualTo(4);
    assertEvenShards(kinesis.listShards(r -> r.streamName(name)).shards(), 4);
    assertThat(kinesis.describeLimits(r -> {}).onDemandStreamCount()).isGreaterThanOrEqualTo(1);
    assertThat(
            kinesis
                .putRecord(r -> r.streamName(name).partitionKey("k").data(utf8("on demand")))
                .sequenceNumber())
        .isNotNull();
  }

  @Test
  void maxRecordSizeInKiBIsSetAtCreationAndChangedWithUpdateMaxRecordSize() {
    String name = name("bigrecords");
    kinesis.createStream(r -> r.streamName(name).shardCount(1).maxRecordSizeInKiB(2048));
    assertThat(awaitActive(name).maxRecordSizeInKiB()).isEqualTo(2048);

    byte[] data = randomBytes(1536 * 1024);
    PutRecordResponse put =
        kinesis.putRecord(
            r -> r.streamName(name).partitionKey("k").data(SdkBytes.fromByteArray(data)));
    List<Record> got = readAll(iterator(name, put.shardId(), ShardIteratorType.TRIM_HORIZON), 1);
    assertThat(got.get(0).data().asByteArray()).isEqualTo(data);

    kinesis.updateMaxRecordSize(r -> r.streamARN(arn(name)).maxRecordSizeInKiB(1024));
    assertThat(awaitActive(name).maxRecordSizeInKiB()).isEqualTo(1024);
    assertThatThrownBy(
            () ->
                kinesis.putRecord(
                    r -> r.streamName(name).partitionKey("k").data(SdkBytes.fromByteArray(data))))
        .isInstanceOfAny(InvalidArgumentException.class, ValidationException.class);
    assertThatThrownBy(
            () -> kinesis.updateMaxRecordSize(r -> r.streamARN(arn(name)).maxRecordSizeInKiB(512)))
        .isInstanceOfAny(InvalidArgumentException.class, ValidationException.class);
  }

  @Test
  void describeStreamSummaryNeverReturnsAStreamId() {
    StreamDescriptionSummary s =
        kinesis.describeStreamSummary(r -> r.streamName(records)).streamDescriptionSummary();
    assertThat(s.streamId()).isNull();
    assertThat(s.streamName()).isEqualTo(records);
    assertThat(s.streamARN()).isEqualTo(arn(records));
    assertThat(s.streamStatus()).isEqualTo(StreamStatus.ACTIVE);
    assertThat(s.streamModeDetails().streamMode()).isEqualTo(StreamMode.PROVISIONED);
    assertThat(s.openShardCount()).isEqualTo(2);
    assertThat(s.consumerCount()).isZero();
    assertThat(s.maxRecordSizeInKiB()).isEqualTo(1024);
    assertThat(s.retentionPeriodHours()).isGreaterThanOrEqualTo(24);
    assertThat(s.enhancedMonitoring()).hasSize(1);
    assertRecent(s.streamCreationTimestamp());
  }

  @Test
  void describeStreamPagesShardsWithExclusiveStartShardId() {
    StreamDescription first =
        kinesis.describeStream(r -> r.streamName(three).limit(2)).streamDescription();
    assertThat(first.shards()).extracting(Shard::shardId).containsExactly(shardId(0), shardId(1));
    assertThat(first.hasMoreShards()).isTrue();
    StreamDescription rest =
        kinesis
            .describeStream(r -> r.streamName(three).limit(2).exclusiveStartShardId(shardId(1)))
            .streamDescription();
    assertThat(rest.shards()).extracting(Shard::shardId).containsExactly(shardId(2));
    assertThat(rest.hasMoreShards()).isFalse();
  }

  @Test
  void listStreamsPagesWithNextTokenAndReturnsSummaries() {
    List<String> all = kinesis.listStreams(r -> {}).streamNames();
    assertThat(all).contains(three, records).doesNotHaveDuplicates();

    List<String> paged = new ArrayList<>();
    ListStreamsResponse page = kinesis.listStreams(r -> r.limit(2));
    while (true) {
      assertThat(page.streamNames()).hasSizeLessThanOrEqualTo(2);
      assertThat(page.streamSummaries())
          .extracting(StreamSummary::streamName)
          .containsExactlyElementsOf(page.streamNames());
      for (StreamSummary s : page.streamSummaries()) {
        assertThat(s.streamARN()).isEqualTo(arn(s.streamName()));
        assertThat(s.streamStatus()).isNotNull();
        assertThat(s.streamModeDetails().streamMode()).isNotNull();
        assertRecent(s.streamCreationTimestamp());
      }
      paged.addAll(page.streamNames());
      if (!page.hasMoreStreams()) {
        break;
      }
      String token = page.nextToken();
      assertThat(token).isNotNull();
      page = kinesis.listStreams(r -> r.nextToken(token).limit(2));
    }
    assertThat(paged).doesNotHaveDuplicates().containsAll(all);

    String firstName = all.get(0);
    assertThat(kinesis.listStreams(r -> r.exclusiveStartStreamName(firstName)).streamNames())
        .doesNotContain(firstName)
        .isNotEmpty();
  }

  @Test
  void listShardsPagesWithNextTokenAndFilters() {
    ListShardsResponse first = kinesis.listShards(r -> r.streamName(three).maxResults(2));
    assertThat(first.shards()).extracting(Shard::shardId).containsExactly(shardId(0), shardId(1));
    assertThat(first.nextToken()).isNotNull();
    ListShardsResponse rest = kinesis.listShards(r -> r.nextToken(first.nextToken()));
    assertThat(rest.shards()).extracting(Shard::shardId).containsExactly(shardId(2));
    assertThat(rest.nextToken()).isNull();

    assertThat(
            kinesis.listShards(r -> r.streamName(three).exclusiveStartShardId(shardId(0))).shards())
        .extracting(Shard::shardId)
        .containsExactly(shardId(1), shardId(2));
    assertThat(
            kinesis
                .listShards(
                    r ->
                        r.streamName(three)
                            .shardFilter(
                                f -> f.type(ShardFilterType.AFTER_SHARD_ID).shardId(shardId(1))))
                .shards())
        .extracting(Shard::shardId)
        .containsExactly(shardId(2));
    assertThat(
            kinesis
                .listShards(
                    r -> r.streamName(three).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
                .shards())
        .hasSize(3);
    assertThat(
            kinesis
                .listShards(
                    r ->
                        r.streamName(three)
                            .shardFilter(
                                f -> f.type(ShardFilterType.AT_TIMESTAMP).timestamp(Instant.now())))
                .shards())
        .hasSize(3);

    assertThatThrownBy(
            () -> kinesis.listShards(r -> r.streamName(three).nextToken(first.nextToken())))
        .isInstanceOf(InvalidArgumentException.class);

    Instant created =
        kinesis
            .describeStreamSummary(r -> r.streamName(three))
            .streamDescriptionSummary()
            .streamCreationTimestamp();
    assertThat(
            kinesis.listShards(r -> r.streamName(three).streamCreationTimestamp(created)).shards())
        .hasSize(3);
  }

  @Test
  void theSdksWaitersSeeAStreamAppearAndGo() {
    String name = name("waited");
    KinesisWaiter waiter =
        KinesisWaiter.builder()
            .client(kinesis)
            .overrideConfiguration(
                w ->
                    w.maxAttempts(100)
                        .backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(100))))
            .build();
    kinesis.createStream(r -> r.streamName(name).shardCount(1));
    WaiterResponse<DescribeStreamResponse> exists =
        waiter.waitUntilStreamExists(r -> r.streamName(name));
    assertThat(exists.matched().response().orElseThrow().streamDescription().streamStatus())
        .isEqualTo(StreamStatus.ACTIVE);
    kinesis.deleteStream(r -> r.streamName(name));
    assertThat(waiter.waitUntilStreamNotExists(r -> r.streamName(name)).matched().exception())
        .hasValueSatisfying(e -> assertThat(e).isInstanceOf(ResourceNotFoundException.class));
  }

  @Test
  void deletingAStreamMakesItGone() {
    String name = name("deleted");
    kinesis.createStream(r -> r.streamName(name).shardCount(1));
    awaitActive(name);
    kinesis.deleteStream(r -> r.streamName(name));
    await()
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> kinesis.describeStreamSummary(r -> r.streamName(name)))
                    .isInstanceOf(ResourceNotFoundException.class));
    assertThat(kinesis.listStreams(r -> {}).streamNames()).doesNotContain(name);
  }

  // ---------------------------------------------------------------------------------------------
  // Tags

  @Test
  void tagsAreAddedPagedAndRemovedByStreamName() {
    String name = name("tags");
    kinesis.createStream(r -> r.streamName(name).shardCount(1));
    awaitActive(name);
    kinesis.addTagsToStream(r -> r.streamName(name).tags(Map.of("a", "1", "b", "2", "c", "")));

    ListTagsForStreamResponse first = kinesis.listTagsForStream(r -> r.streamName(name).limit(2));
    assertThat(first.tags()).containsExactly(tag("a", "1"), tag("b", "2"));
    assertThat(first.hasMoreTags()).isTrue();
    ListTagsForStreamResponse rest =
        kinesis.listTagsForStream(r -> r.streamName(name).exclusiveStartTagKey("b"));
    assertThat(rest.tags()).containsExactly(tag("c", ""));
    assertThat(rest.hasMoreTags()).isFalse();

    kinesis.removeTagsFromStream(r -> r.streamName(name).tagKeys("a", "c"));
    assertThat(kinesis.listTagsForStream(r -> r.streamName(name)).tags())
        .containsExactly(tag("b", "2"));

    Map<String, String> many = new HashMap<>();
    IntStream.range(0, 50).forEach(i -> many.put("k" + i, "v"));
    assertThatThrownBy(() -> kinesis.addTagsToStream(r -> r.streamName(name).tags(many)))
        .isInstanceOfAny(InvalidArgumentException.class, ValidationException.class);
    assertThat(kinesis.listTagsForStream(r -> r.streamName(name)).tags())
        .containsExactly(tag("b", "2"));
  }

  @Test
  void tagsAreAddedListedAndRemovedByResourceArn() {
    String name = name("resourcetags");
    kinesis.createStream(r -> r.streamName(name).shardCount(1));
    awaitActive(name);
    kinesis.tagResource(r -> r.resourceARN(arn(name)).tags(Map.of("owner", "kit", "tier", "1")));
    assertThat(kinesis.listTagsForResource(r -> r.resourceARN(arn(name))).tags())
        .containsExactlyInAnyOrder(tag("owner", "kit"), tag("tier", "1"));
    assertThat(kinesis.listTagsForStream(r -> r.streamName(name)).tags())
        .containsExactlyInAnyOrder(tag("owner", "kit"), tag("tier", "1"));

    kinesis.untagResource(r -> r.resourceARN(arn(name)).tagKeys("tier"));
    assertThat(kinesis.listTagsForResource(r -> r.resourceARN(arn(name))).tags())
        .containsExactly(tag("owner", "kit"));

    assertThatThrownBy(() -> kinesis.listTagsForResource(r -> r.resourceARN(arn(name("missing")))))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // Stream settings

  @Test
  void retentionIsIncreasedAndDecreasedWithinItsBounds() {
    String name = name("retention");
    kinesis.createStream(r -> r.streamName(name).shardCount(1));
    awaitActive(name);

    kinesis.increaseStreamRetentionPeriod(r -> r.streamName(name).retentionPeriodHours(48));
    assertThat(awaitActive(name).retentionPeriodHours()).isEqualTo(48);

    InvalidArgumentException shorter =
        catchThrowableOfType(
            () ->
                kinesis.increaseStreamRetentionPeriod(
                    r -> r.streamName(name).retentionPeriodHours(36)),
            InvalidArgumentException.class);
    assertThat(shorter.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Requested retention period (36 hours) for stream %s can not be shorter than existing"
                + " retention period (48 hours). Use DecreaseRetentionPeriod API.",
            name);

    kinesis.decreaseStreamRetentionPeriod(r -> r.streamName(name).retentionPeriodHours(24));
    assertThat(awaitActive(name).retentionPeriodHours()).isEqualTo(24);

    InvalidArgumentException tooShort =
        catchThrowableOfType(
            () ->
                kinesis.decreaseStreamRetentionPeriod(
                    r -> r.streamName(name).retentionPeriodHours(12)),
            InvalidArgumentException.class);
    assertThat(tooShort.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Minimum allowed retention period is 24 hours. Requested retention period (12 hours)"
                + " is too short.");
    InvalidArgumentException tooLong =
        catchThrowableOfType(
            () ->
                kinesis.increaseStreamRetentionPeriod(
                    r -> r.streamName(name).retentionPeriodHours(8761)),
            InvalidArgumentException.class);
    assertThat(tooLong.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Maximum allowed retention period is 8760 hours. Requested retention period (8761"
                + " hours) is too long.");
    assertThat(awaitActive(name).retentionPeriodHours()).isEqualTo(24);
  }

  @Test
  void theStreamModeIsSwitchedAndResharingAnOnDemandStreamIsRefused() {
    String name = name("mode");
    kinesis.createStream(r -> r.streamName(name).shardCount(1));
    awaitActive(name);
    kinesis.updateStreamMode(
        r -> r.streamARN(arn(name)).streamModeDetails(m -> m.streamMode(StreamMode.ON_DEMAND)));
    assertThat(awaitActive(name).streamModeDetails().streamMode()).isEqualTo(StreamMode.ON_DEMAND);

    assertThatThrownBy(
            () ->
                kinesis.splitShard(
                    r ->
                        r.streamName(name)
                            .shardToSplit(shardId(0))
                            .newStartingHashKey(HASH_SPACE.shiftRight(1).toString())))
        .isInstanceOf(ValidationException.class);

    kinesis.updateStreamMode(
        r -> r.streamARN(arn(name)).streamModeDetails(m -> m.streamMode(StreamMode.PROVISIONED)));
    assertThat(awaitActive(name).streamModeDetails().streamMode())
        .isEqualTo(StreamMode.PROVISIONED);
  }

  @Test
  void enhancedMonitoringIsEnabledAndDisabled() {
    String name = name("monitoring");
    kinesis.createStream(r -> r.streamName(name).shardCount(1));
    awaitActive(name);

    EnableEnhancedMonitoringResponse enabled =
        kinesis.enableEnhancedMonitoring(
            r ->
                r.streamName(name)
                    .shardLevelMetrics(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_RECORDS));
    assertThat(enabled.streamName()).isEqualTo(name);
    assertThat(enabled.streamARN()).isEqualTo(arn(name));
    assertThat(enabled.currentShardLevelMetrics()).isEmpty();
    assertThat(enabled.desiredShardLevelMetrics())
        .containsExactlyInAnyOrder(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_RECORDS);
    assertThat(awaitActive(name).enhancedMonitoring().get(0).shardLevelMetrics())
        .containsExactlyInAnyOrder(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_RECORDS);

    DisableEnhancedMonitoringResponse disabled =
        kinesis.disableEnhancedMonitoring(
            r -> r.streamName(name).shardLevelMetrics(MetricsName.ALL));
    assertThat(disabled.currentShardLevelMetrics())
        .containsExactlyInAnyOrder(MetricsName.INCOMING_BYTES, MetricsName.OUTGOING_RECORDS);
    assertThat(disabled.desiredShardLevelMetrics()).isEmpty();
    assertThat(awaitActive(name).enhancedMonitoring().get(0).shardLevelMetrics()).isEmpty();
  }

  @Test
  void encryptionIsStartedAndStopped() {
    String name = name("encryption");
    kinesis.createStream(r -> r.streamName(name).shardCount(1));
    awaitActive(name);
    kinesis.startStreamEncryption(
        r -> r.streamName(name).encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis"));
    StreamDescriptionSummary on = awaitActive(name);
    assertThat(on.encryptionType()).isEqualTo(EncryptionType.KMS);
    assertThat(on.keyId()).isEqualTo("alias/aws/kinesis");

    kinesis.stopStreamEncryption(
        r -> r.streamName(name).encryptionType(EncryptionType.KMS).keyId("alias/aws/kinesis"));
    assertThat(awaitActive(name).encryptionType()).isEqualTo(EncryptionType.NONE);
  }

  @Test
  void describeLimitsAndDescribeAccountSettingsAnswer() {
    DescribeLimitsResponse limits = kinesis.describeLimits(r -> {});
    assertThat(limits.shardLimit()).isEqualTo(1000);
    assertThat(limits.openShardCount()).isGreaterThanOrEqualTo(5);
    assertThat(limits.onDemandStreamCountLimit()).isPositive();
    assertThat(limits.onDemandStreamCount()).isNotNull();
    assertThat(
            kinesis
                .describeAccountSettings(r -> {})
                .minimumThroughputBillingCommitment()
                .statusAsString())
        .isEqualTo("DISABLED");
  }

  // ---------------------------------------------------------------------------------------------
  // Records

  @Test
  void putRecordRoutesByPartitionKeyHashAndExplicitHashKey() {
    PutRecordResponse low =
        kinesis.putRecord(
            r -> r.streamName(records).partitionKey("x").explicitHashKey("0").data(utf8("low")));
    PutRecordResponse high =
        kinesis.putRecord(
            r ->
                r.streamName(records)
                    .partitionKey("x")
                    .explicitHashKey(MAX_HASH_KEY.toString())
                    .data(utf8("high")));
    assertThat(low.shardId()).isEqualTo(shardId(0));
    assertThat(high.shardId()).isEqualTo(shardId(1));

    for (String key : List.of("alpha", "beta", "gamma", "delta", "epsilon", "zeta")) {
      String expected = shardId(md5(key).compareTo(HASH_SPACE.shiftRight(1)) < 0 ? 0 : 1);
      assertThat(
              kinesis
                  .putRecord(r -> r.streamName(records).partitionKey(key).data(utf8(key)))
                  .shardId())
          .as("shard of partition key %s", key)
          .isEqualTo(expected);
    }

    PutRecordResponse first =
        kinesis.putRecord(r -> r.streamName(records).partitionKey("ordered").data(utf8("1")));
    PutRecordResponse second =
        kinesis.putRecord(
            r ->
                r.streamName(records)
                    .partitionKey("ordered")
                    .sequenceNumberForOrdering(first.sequenceNumber())
                    .data(utf8("2")));
    assertThat(second.shardId()).isEqualTo(first.shardId());
    assertThat(new BigInteger(second.sequenceNumber()))
        .isGreaterThan(new BigInteger(first.sequenceNumber()));

    InvalidArgumentException outOfRange =
        catchThrowableOfType(
            () ->
                kinesis.putRecord(
                    r ->
                        r.streamName(records)
                            .partitionKey("x")
                            .explicitHashKey(HASH_SPACE.toString())
                            .data(utf8("x"))),
            InvalidArgumentException.class);
    assertThat(outOfRange.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]."
                + " Specified value was "
                + HASH_SPACE);
  }

  @Test
  void putRecordsAnswersEveryOneOfFiveHundredRecordsInRequestOrder() {
    String name = name("batch");
    kinesis.createStream(r -> r.streamName(name).shardCount(2));
    awaitActive(name);
    List<PutRecordsRequestEntry> entries = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      entries.add(
          PutRecordsRequestEntry.builder()
              .partitionKey("pk-" + i)
              .explicitHashKey(i % 2 == 0 ? "0" : MAX_HASH_KEY.toString())
              .data(utf8("record-" + i))
              .build());
    }
    List<PutRecordsRequestEntry> tooMany = new ArrayList<>(entries);
    tooMany.add(entries.get(0));
    assertThatThrownBy(() -> kinesis.putRecords(r -> r.streamName(name).records(tooMany)))
        .isInstanceOf(ValidationException.class);
    List<PutRecordsRequestEntry> withABadOne = new ArrayList<>(entries.subList(0, 3));
    withABadOne.add(
        PutRecordsRequestEntry.builder()
            .partitionKey("bad")
            .explicitHashKey(HASH_SPACE.toString())
            .data(utf8("bad"))
            .build());
    assertThatThrownBy(() -> kinesis.putRecords(r -> r.streamName(name).records(withABadOne)))
        .as("a request-level error fails the whole call")
        .isInstanceOf(InvalidArgumentException.class);

    PutRecordsResponse put = kinesis.putRecords(r -> r.streamARN(arn(name)).records(entries));
    assertThat(put.failedRecordCount()).isZero();
    assertThat(put.records()).hasSize(500);
    Map<String, BigInteger> lastByShard = new HashMap<>();
    for (int i = 0; i < 500; i++) {
      PutRecordsResultEntry e = put.records().get(i);
      assertThat(e.errorCode()).isNull();
      assertThat(e.shardId()).isEqualTo(shardId(i % 2));
      BigInteger seq = new BigInteger(e.sequenceNumber());
      BigInteger previous = lastByShard.put(e.shardId(), seq);
      if (previous != null) {
        assertThat(seq).as("sequence number of record %d", i).isGreaterThan(previous);
      }
    }
    for (int shard = 0; shard < 2; shard++) {
      List<Record> got =
          readAll(iterator(name, shardId(shard), ShardIteratorType.TRIM_HORIZON), 250);
      int s = shard;
      assertThat(got)
          .extracting(r -> r.data().asUtf8String())
          .containsExactlyElementsOf(
              IntStream.range(0, 500)
                  .filter(i -> i % 2 == s)
                  .mapToObj(i -> "record-" + i)
                  .toList());
      assertThat(got)
          .extracting(Record::sequenceNumber)
          .containsExactlyElementsOf(
              IntStream.range(0, 500)
                  .filter(i -> i % 2 == s)
                  .mapToObj(i -> put.records().get(i).sequenceNumber())
                  .toList());
    }
  }

  @Test
  void getShardIteratorStartsWhereEachOfTheFiveTypesSays() throws InterruptedException {
    String name = name("iterators");
    kinesis.createStream(r -> r.streamName(name).shardCount(1));
    awaitActive(name);
    String shard = shardId(0);
    for (int i = 0; i < 3; i++) {
      int n = i;
      kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(utf8("r" + n)));
      Thread.sleep(25);
    }
    String latest = iterator(name, shard, ShardIteratorType.LATEST);
    List<Record> all = readAll(iterator(name, shard, ShardIteratorType.TRIM_HORIZON), 3);
    assertThat(all).extracting(r -> r.data().asUtf8String()).containsExactly("r0", "r1", "r2");
    Record r1 = all.get(1);
    assertThat(all.get(0).approximateArrivalTimestamp()).isBefore(r1.approximateArrivalTimestamp());

    assertThat(firstData(atSequence(name, shard, ShardIteratorType.AT_SEQUENCE_NUMBER, r1)))
        .isEqualTo("r1");
    assertThat(firstData(atSequence(name, shard, ShardIteratorType.AFTER_SEQUENCE_NUMBER, r1)))
        .isEqualTo("r2");
    assertThat(firstData(atTimestamp(name, shard, r1.approximateArrivalTimestamp())))
        .as("AT_TIMESTAMP of r1's arrival, %s", r1.approximateArrivalTimestamp())
        .isEqualTo("r1");
    assertThat(firstData(atTimestamp(name, shard, r1.approximateArrivalTimestamp().plusMillis(1))))
        .as("AT_TIMESTAMP one millisecond after r1's arrival: millisecond precision kept")
        .isEqualTo("r2");
    assertThat(firstData(atTimestamp(name, shard, Instant.now().minus(Duration.ofDays(2)))))
        .as("AT_TIMESTAMP before the trim horizon")
        .isEqualTo("r0");

    kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(utf8("r3")));
    assertThat(firstData(latest)).as("LATEST taken before r3").isEqualTo("r3");

    Instant future = Instant.now().plus(Duration.ofHours(1));
    InvalidArgumentException inFuture =
        catchThrowableOfType(
            () -> atTimestamp(name, shard, future), InvalidArgumentException.class);
    assertThat(inFuture.awsErrorDetails().errorMessage())
        .startsWith(
            "The timestampInMillis parameter cannot be greater than the"
                + " currentTimestampInMillis. timestampInMillis: "
                + future.toEpochMilli()
                + ", currentTimestampInMillis: ");

    assertThatThrownBy(
            () ->
                kinesis.getShardIterator(
                    r ->
                        r.streamName(name)
                            .shardId(shard)
                            .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)))
        .isInstanceOf(InvalidArgumentException.class);
    ResourceNotFoundException noShard =
        catchThrowableOfType(
            () -> iterator(name, shardId(99), ShardIteratorType.TRIM_HORIZON),
            ResourceNotFoundException.class);
    assertThat(noShard.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Shard %s in stream %s under account %s does not exist", shardId(99), name, ACCOUNT);
  }

  @Test
  void aSequenceNumberOfAnotherShardIsRefused() {
    PutRecordResponse put =
        kinesis.putRecord(
            r ->
                r.streamName(records)
                    .partitionKey("x")
                    .explicitHashKey(MAX_HASH_KEY.toString())
                    .data(utf8("other shard")));
    assertThat(put.shardId()).isEqualTo(shardId(1));
    InvalidArgumentException e =
        catchThrowableOfType(
            () ->
                kinesis.getShardIterator(
                    r ->
                        r.streamName(records)
                            .shardId(shardId(0))
                            .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER)
                            .startingSequenceNumber(put.sequenceNumber())),
            InvalidArgumentException.class);
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Invalid StartingSequenceNumber. It encodes %s, while it was used in a call to a shard"
                + " with %s",
            shardId(1), shardId(0));
  }

  @Test
  void getRecordsHonoursLimitAndReportsArrivalTimesAndLag() {
    String it = iterator(records, shardId(0), ShardIteratorType.LATEST);
    Instant before = Instant.now();
    for (int i = 0; i < 5; i++) {
      int n = i;
      kinesis.putRecord(
          r -> r.streamName(records).partitionKey("p").explicitHashKey("1").data(utf8("g" + n)));
    }
    Instant after = Instant.now();

    GetRecordsResponse first = kinesis.getRecords(r -> r.shardIterator(it).limit(2));
    assertThat(first.records())
        .extracting(r -> r.data().asUtf8String())
        .containsExactly("g0", "g1");
    assertThat(first.millisBehindLatest()).isNotNull().isGreaterThanOrEqualTo(0L);
    assertThat(first.nextShardIterator()).isNotNull().isNotEqualTo(it);
    assertThat(first.childShards()).isEmpty();
    for (Record r : first.records()) {
      assertThat(r.partitionKey()).isEqualTo("p");
      assertThat(r.approximateArrivalTimestamp())
          .as("ApproximateArrivalTimestamp (a 1970 date means a timestamp encoding bug)")
          .isBetween(before.minusSeconds(2), after.plusSeconds(2));
    }

    List<Record> rest = new ArrayList<>();
    GetRecordsResponse last = first;
    while (rest.size() < 3) {
      String next = last.nextShardIterator();
      last = kinesis.getRecords(r -> r.shardIterator(next).limit(10));
      rest.addAll(last.records());
    }
    assertThat(rest).extracting(r -> r.data().asUtf8String()).containsExactly("g2", "g3", "g4");
    assertThat(last.millisBehindLatest()).isZero();
    assertThat(last.nextShardIterator()).isNotNull();

    // Kinesis tolerates an iterator wrapped in double quotes, and refuses one it did not issue.
    assertThat(kinesis.getRecords(r -> r.shardIterator("\"" + it + "\"")).records())
        .extracting(r -> r.data().asUtf8String())
        .startsWith("g0");
    assertThatThrownBy(() -> kinesis.getRecords(r -> r.shardIterator("A".repeat(200))))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void aOneMebibyteRecordRoundTrips() {
    String it = iterator(records, shardId(0), ShardIteratorType.LATEST);
    String key = "k";
    byte[] data = randomBytes(1024 * 1024 - key.length());
    PutRecordResponse put =
        kinesis.putRecord(
            r ->
                r.streamName(records)
                    .partitionKey(key)
                    .explicitHashKey("0")
                    .data(SdkBytes.fromByteArray(data)));
    List<Record> got = readAll(it, 1);
    assertThat(got.get(0).sequenceNumber()).isEqualTo(put.sequenceNumber());
    assertThat(got.get(0).data().asByteArray()).isEqualTo(data);

    byte[] tooBig = randomBytes(1024 * 1024);
    assertThatThrownBy(
            () ->
                kinesis.putRecord(
                    r ->
                        r.streamName(records)
                            .partitionKey(key)
                            .data(SdkBytes.fromByteArray(tooBig))))
        .isInstanceOfAny(InvalidArgumentException.class, ValidationException.class);
  }

  // ---------------------------------------------------------------------------------------------
  // Resharding

  @Test
  void aSplitClosesTheParentWhoseEndReportsTheChildShards() {
    String name = name("split");
    kinesis.createStream(r -> r.streamName(name).shardCount(1));
    awaitActive(name);
    PutRecordResponse before =
        kinesis.putRecord(r -> r.streamName(name).partitionKey("k").data(utf8("before")));
    Instant beforeSplit = Instant.now();
    BigInteger middle = HASH_SPACE.shiftRight(1);
    kinesis.splitShard(
        r -> r.streamName(name).shardToSplit(shardId(0)).newStartingHashKey(middle.toString()));
    awaitActive(name);

    List<Shard> shards =
        kinesis.describeStream(r -> r.streamName(name)).streamDescription().shards();
    assertThat(shards)
        .extracting(Shard::shardId)
        .containsExactly(shardId(0), shardId(1), shardId(2));
    Shard parent = shards.get(0);
    assertThat(parent.sequenceNumberRange().endingSequenceNumber()).isNotNull();
    assertThat(new BigInteger(parent.sequenceNumberRange().endingSequenceNumber()))
        .isGreaterThanOrEqualTo(new BigInteger(before.sequenceNumber()));
    assertThat(shards.get(1).parentShardId()).isEqualTo(shardId(0));
    assertThat(shards.get(1).hashKeyRange().startingHashKey()).isEqualTo("0");
    assertThat(shards.get(1).hashKeyRange().endingHashKey())
        .isEqualTo(middle.subtract(BigInteger.ONE).toString());
    assertThat(shards.get(2).parentShardId()).isEqualTo(shardId(0));
    assertThat(shards.get(2).hashKeyRange().startingHashKey()).isEqualTo(middle.toString());
    assertThat(shards.get(2).hashKeyRange().endingHashKey()).isEqualTo(MAX_HASH_KEY.toString());

    List<Record> parentRecords = new ArrayList<>();
    GetRecordsResponse end =
        readToShardEnd(iterator(name, shardId(0), ShardIteratorType.TRIM_HORIZON), parentRecords);
    assertThat(parentRecords)
        .extracting(Record::sequenceNumber)
        .containsExactly(before.sequenceNumber());
    assertThat(end.nextShardIterator()).isNull();
    assertThat(end.childShards())
        .extracting(ChildShard::shardId)
        .containsExactlyInAnyOrder(shardId(1), shardId(2));
    for (ChildShard c : end.childShards()) {
      assertThat(c.parentShards()).containsExactly(shardId(0));
      assertThat(c.hashKeyRange()).isNotNull();
    }

    GetRecordsResponse fromLatest =
        kinesis.getRecords(
            r -> r.shardIterator(iterator(name, shardId(0), ShardIteratorType.LATEST)));
    assertThat(fromLatest.nextShardIterator()).as("LATEST on a closed shard").isNull();
    assertThat(fromLatest.childShards()).hasSize(2);

    assertThat(
            kinesis
                .putRecord(
                    r -> r.streamName(name).partitionKey("a").explicitHashKey("0").data(utf8("x")))
                .shardId())
        .isEqualTo(shardId(1));
    assertThat(
            kinesis
                .putRecord(
                    r ->
                        r.streamName(name)
                            .partitionKey("a")
                            .explicitHashKey(MAX_HASH_KEY.toString())
                            .data(utf8("x")))
                .shardId())
        .isEqualTo(shardId(2));

    assertThat(shardIds(name, ShardFilterType.AT_LATEST, null))
        .containsExactly(shardId(1), shardId(2));
    assertThat(shardIds(name, ShardFilterType.AT_TRIM_HORIZON, null))
        .as("AT_TRIM_HORIZON: the shards open at the trim horizon")
        .containsExactly(shardId(0));
    assertThat(shardIds(name, ShardFilterType.FROM_TRIM_HORIZON, null))
        .as("FROM_TRIM_HORIZON: every shard since the trim horizon")
        .containsExactly(shardId(0), shardId(1), shardId(2));
    assertThat(shardIds(name, ShardFilterType.FROM_TIMESTAMP, beforeSplit))
        .containsExactly(shardId(0), shardId(1), shardId(2));
    assertThat(shardIds(name, ShardFilterType.AT_TIMESTAMP, beforeSplit))
        .containsExactly(shardId(0));
    assertThat(
            kinesis
                .listShards(
                    r ->
                        r.streamName(name)
                            .shardFilter(
                                f -> f.type(ShardFilterType.AFTER_SHARD_ID).shardId(shardId(0))))
                .shards())
        .extracting(Shard::shardId)
        .containsExactly(shardId(1), shardId(2));

    InvalidArgumentException again =
        catchThrowableOfType(
            () ->
                kinesis.splitShard(
                    r ->
                        r.streamName(name)
                            .shardToSplit(shardId(0))
                            .newStartingHashKey(middle.toString())),
            InvalidArgumentException.class);
    assertThat(again.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Shard %s in stream %s under account %s has already been merged or split, and thus is"
                + " not eligible for merging or splitting.",
            shardId(0), name, ACCOUNT);
    InvalidArgumentException badKey =
        catchThrowableOfType(
            () ->
                kinesis.splitShard(
                    r -> r.streamName(name).shardToSplit(shardId(1)).newStartingHashKey("1")),
            InvalidArgumentException.class);
    assertThat(badKey.awsErrorDetails().errorMessage())
        .startsWith("NewStartingHashKey 1 used in SplitShard() on shard " + shardId(1));
  }

  @Test
  void mergeShardsJoinsTwoAdjacentShardsOnly() {
    String name = name("merge");
    kinesis.createStream(r -> r.streamName(name).shardCount(3));
    awaitActive(name);
    PutRecordResponse inFirst =
        kinesis.putRecord(
            r -> r.streamName(name).partitionKey("k").explicitHashKey("0").data(utf8("m")));

    assertThatThrownBy(
            () ->
                kinesis.mergeShards(
                    r ->
                        r.streamName(name)
                            .shardToMerge(shardId(0))
                            .adjacentShardToMerge(shardId(2))))
        .isInstanceOf(InvalidArgumentException.class);

    kinesis.mergeShards(
        r -> r.streamName(name).shardToMerge(shardId(0)).adjacentShardToMerge(shardId(1)));
    ResourceInUseException busy =
        catchThrowableOfType(
            () ->
                kinesis.mergeShards(
                    r ->
                        r.streamName(name)
                            .shardToMerge(shardId(0))
                            .adjacentShardToMerge(shardId(1))),
            ResourceInUseException.class);
    assertThat(busy.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Stream %s under account %s not ACTIVE, instead in state UPDATING", name, ACCOUNT);
    awaitActive(name);

    Shard child =
        kinesis.listShards(r -> r.streamName(name)).shards().stream()
            .filter(s -> s.shardId().equals(shardId(3)))
            .findFirst()
            .orElseThrow();
    assertThat(child.parentShardId()).isEqualTo(shardId(0));
    assertThat(child.adjacentParentShardId()).isEqualTo(shardId(1));
    BigInteger step = HASH_SPACE.divide(BigInteger.valueOf(3));
    assertThat(child.hashKeyRange().startingHashKey()).isEqualTo("0");
    assertThat(child.hashKeyRange().endingHashKey())
        .isEqualTo(step.shiftLeft(1).subtract(BigInteger.ONE).toString());
    assertThat(shardIds(name, ShardFilterType.AT_LATEST, null))
        .containsExactlyInAnyOrder(shardId(2), shardId(3));

    List<Record> parentRecords = new ArrayList<>();
    GetRecordsResponse end =
        readToShardEnd(iterator(name, shardId(0), ShardIteratorType.TRIM_HORIZON), parentRecords);
    assertThat(parentRecords)
        .extracting(Record::sequenceNumber)
        .containsExactly(inFirst.sequenceNumber());
    assertThat(end.childShards()).hasSize(1);
    assertThat(end.childShards().get(0).shardId()).isEqualTo(shardId(3));
    assertThat(end.childShards().get(0).parentShards())
        .containsExactlyInAnyOrder(shardId(0), shardId(1));
  }

  @Test
  void updateShardCountScalesUniformlyWithinItsLimits() {
    String name = name("scaling");
    kinesis.createStream(r -> r.streamName(name).shardCount(2));
    awaitActive(name);
    UpdateShardCountResponse scaled =
        kinesis.updateShardCount(
            r -> r.streamName(name).targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING));
    assertThat(scaled.streamName()).isEqualTo(name);
    assertThat(scaled.currentShardCount()).isEqualTo(2);
    assertThat(scaled.targetShardCount()).isEqualTo(4);
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              StreamDescriptionSummary s =
                  kinesis.describeStreamSummary(r -> r.streamName(name)).streamDescriptionSummary();
              return s.streamStatus() == StreamStatus.ACTIVE && s.openShardCount() == 4;
            });
    List<Shard> open =
        kinesis
            .listShards(r -> r.streamName(name).shardFilter(f -> f.type(ShardFilterType.AT_LATEST)))
            .shards();
    assertEvenShards(
        open.stream()
            .sorted(
                (a, b) ->
                    new BigInteger(a.hashKeyRange().startingHashKey())
                        .compareTo(new BigInteger(b.hashKeyRange().startingHashKey())))
            .toList(),
        4);

    LimitExceededException tooMany =
        catchThrowableOfType(
            () ->
                kinesis.updateShardCount(
                    r ->
                        r.streamName(name)
                            .targetShardCount(100)
                            .scalingType(ScalingType.UNIFORM_SCALING)),
            LimitExceededException.class);
    assertThat(tooMany.awsErrorDetails().errorMessage())
        .startsWith("UpdateShardCount cannot scale up over double your current open shard count.");
  }

  // ---------------------------------------------------------------------------------------------
  // Enhanced fan-out consumers (SubscribeToShard itself is in SubscribeToShardIT)

  @Test
  void consumersAreRegisteredDescribedListedAndDeregistered() {
    String name = name("consumers");
    kinesis.createStream(r -> r.streamName(name).shardCount(1));
    awaitActive(name);
    String streamArn = arn(name);

    Consumer one =
        kinesis
            .registerStreamConsumer(r -> r.streamARN(streamArn).consumerName("app-one"))
            .consumer();
    assertThat(one.consumerName()).isEqualTo("app-one");
    assertThat(one.consumerARN())
        .matches(java.util.regex.Pattern.quote(streamArn + "/consumer/app-one:") + "\\d+");
    assertThat(one.consumerStatus()).isIn(ConsumerStatus.CREATING, ConsumerStatus.ACTIVE);
    assertRecent(one.consumerCreationTimestamp());
    await()
        .until(
            () ->
                kinesis
                        .describeStreamConsumer(r -> r.consumerARN(one.consumerARN()))
                        .consumerDescription()
                        .consumerStatus()
                    == ConsumerStatus.ACTIVE);
    ConsumerDescription byName =
        kinesis
            .describeStreamConsumer(r -> r.streamARN(streamArn).consumerName("app-one"))
            .consumerDescription();
    assertThat(byName.consumerARN()).isEqualTo(one.consumerARN());
    assertThat(byName.streamARN()).isEqualTo(streamArn);
    assertRecent(byName.consumerCreationTimestamp());

    assertThatThrownBy(
            () ->
                kinesis.registerStreamConsumer(r -> r.streamARN(streamArn).consumerName("app-one")))
        .isInstanceOf(ResourceInUseException.class);
    Consumer two =
        kinesis
            .registerStreamConsumer(r -> r.streamARN(streamArn).consumerName("app-two"))
            .consumer();

    ListStreamConsumersResponse first =
        kinesis.listStreamConsumers(r -> r.streamARN(streamArn).maxResults(1));
    assertThat(first.consumers()).hasSize(1);
    assertThat(first.nextToken()).isNotNull();
    ListStreamConsumersResponse rest =
        kinesis.listStreamConsumers(r -> r.streamARN(streamArn).nextToken(first.nextToken()));
    List<String> listed = new ArrayList<>();
    first.consumers().forEach(c -> listed.add(c.consumerName()));
    rest.consumers().forEach(c -> listed.add(c.consumerName()));
    assertThat(listed).containsExactlyInAnyOrder("app-one", "app-two");
    assertThat(rest.nextToken()).isNull();
    assertThat(awaitActive(name).consumerCount()).isEqualTo(2);

    assertThatThrownBy(() -> kinesis.deleteStream(r -> r.streamName(name)))
        .isInstanceOf(ResourceInUseException.class);

    kinesis.deregisterStreamConsumer(r -> r.consumerARN(one.consumerARN()));
    kinesis.deregisterStreamConsumer(r -> r.streamARN(streamArn).consumerName("app-two"));
    await()
        .until(
            () -> kinesis.listStreamConsumers(r -> r.streamARN(streamArn)).consumers().isEmpty());
    ResourceNotFoundException gone =
        catchThrowableOfType(
            () -> kinesis.describeStreamConsumer(r -> r.consumerARN(two.consumerARN())),
            ResourceNotFoundException.class);
    assertThat(gone).isNotNull();

    kinesis.registerStreamConsumer(r -> r.streamARN(streamArn).consumerName("app-three"));
    kinesis.deleteStream(r -> r.streamName(name).enforceConsumerDeletion(true));
    await()
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> kinesis.describeStreamSummary(r -> r.streamName(name)))
                    .isInstanceOf(ResourceNotFoundException.class));
  }

  // ---------------------------------------------------------------------------------------------
  // StreamARN instead of StreamName

  @Test
  void operationsAddressedByStreamArnWorkAsByStreamName() {
    String name = name("byarn");
    kinesis.createStream(r -> r.streamName(name).shardCount(2));
    awaitActive(name);
    String arn = arn(name);

    assertThat(kinesis.describeStream(r -> r.streamARN(arn)).streamDescription().streamName())
        .isEqualTo(name);
    assertThat(
            kinesis
                .describeStreamSummary(r -> r.streamARN(arn))
                .streamDescriptionSummary()
                .openShardCount())
        .isEqualTo(2);
    assertThat(kinesis.listShards(r -> r.streamARN(arn)).shards()).hasSize(2);

    PutRecordResponse put =
        kinesis.putRecord(
            r -> r.streamARN(arn).partitionKey("k").explicitHashKey("0").data(utf8("a")));
    PutRecordsResponse puts =
        kinesis.putRecords(
            r ->
                r.streamARN(arn)
                    .records(
                        PutRecordsRequestEntry.builder()
                            .partitionKey("k")
                            .explicitHashKey("0")
                            .data(utf8("b"))
                            .build()));
    assertThat(puts.failedRecordCount()).isZero();
    String it =
        kinesis
            .getShardIterator(
                r ->
                    r.streamARN(arn)
                        .shardId(put.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    List<Record> got = new ArrayList<>();
    String next = it;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (got.size() < 2 && System.nanoTime() < deadline) {
      String current = next;
      GetRecordsResponse page = kinesis.getRecords(r -> r.streamARN(arn).shardIterator(current));
      got.addAll(page.records());
      next = page.nextShardIterator();
    }
    assertThat(got).extracting(r -> r.data().asUtf8String()).containsExactly("a", "b");

    kinesis.addTagsToStream(r -> r.streamARN(arn).tags(Map.of("by", "arn")));
    assertThat(kinesis.listTagsForStream(r -> r.streamARN(arn)).tags())
        .containsExactly(tag("by", "arn"));
    kinesis.removeTagsFromStream(r -> r.streamARN(arn).tagKeys("by"));
    assertThat(kinesis.listTagsForStream(r -> r.streamARN(arn)).tags()).isEmpty();

    kinesis.increaseStreamRetentionPeriod(r -> r.streamARN(arn).retentionPeriodHours(30));
    assertThat(awaitActive(name).retentionPeriodHours()).isEqualTo(30);
    kinesis.decreaseStreamRetentionPeriod(r -> r.streamARN(arn).retentionPeriodHours(24));
    kinesis.enableEnhancedMonitoring(
        r -> r.streamARN(arn).shardLevelMetrics(MetricsName.INCOMING_RECORDS));
    kinesis.disableEnhancedMonitoring(
        r -> r.streamARN(arn).shardLevelMetrics(MetricsName.INCOMING_RECORDS));
    assertThat(kinesis.listStreamConsumers(r -> r.streamARN(arn)).consumers()).isEmpty();

    kinesis.splitShard(
        r ->
            r.streamARN(arn)
                .shardToSplit(shardId(0))
                .newStartingHashKey(HASH_SPACE.shiftRight(2).toString()));
    awaitActive(name);
    assertThat(awaitActive(name).openShardCount()).isEqualTo(3);

    assertThatThrownBy(() -> kinesis.describeStreamSummary(r -> r.streamARN(arn).streamName(three)))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(
            () ->
                kinesis.describeStreamSummary(
                    r -> r.streamARN("arn:aws:kinesis:us-east-1:111111111111:stream/" + name)))
        .isInstanceOf(ResourceNotFoundException.class);

    kinesis.deleteStream(r -> r.streamARN(arn));
    await()
        .untilAsserted(
            () ->
                assertThatThrownBy(() -> kinesis.describeStreamSummary(r -> r.streamARN(arn)))
                    .isInstanceOf(ResourceNotFoundException.class));
  }

  // ---------------------------------------------------------------------------------------------
  // Errors

  @Test
  void aStreamThatDoesNotExistIsResourceNotFound() {
    String missing = name("missing");
    String message = "Stream %s under account %s not found.".formatted(missing, ACCOUNT);
    List<Runnable> calls =
        List.of(
            () -> kinesis.describeStream(r -> r.streamName(missing)),
            () -> kinesis.describeStreamSummary(r -> r.streamName(missing)),
            () -> kinesis.listShards(r -> r.streamName(missing)),
            () -> kinesis.putRecord(r -> r.streamName(missing).partitionKey("k").data(utf8("x"))),
            () ->
                kinesis.putRecords(
                    r ->
                        r.streamName(missing)
                            .records(
                                PutRecordsRequestEntry.builder()
                                    .partitionKey("k")
                                    .data(utf8("x"))
                                    .build())),
            () -> iterator(missing, shardId(0), ShardIteratorType.LATEST),
            () -> kinesis.deleteStream(r -> r.streamName(missing)),
            () -> kinesis.addTagsToStream(r -> r.streamName(missing).tags(Map.of("a", "b"))),
            () -> kinesis.listTagsForStream(r -> r.streamName(missing)),
            () ->
                kinesis.increaseStreamRetentionPeriod(
                    r -> r.streamName(missing).retentionPeriodHours(48)),
            () -> kinesis.registerStreamConsumer(r -> r.streamARN(arn(missing)).consumerName("c")));
    for (Runnable call : calls) {
      ResourceNotFoundException e =
          catchThrowableOfType(call::run, ResourceNotFoundException.class);
      assertThat(e).isNotNull();
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
      assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }
  }

  @Test
  void creatingAStreamThatExistsIsResourceInUse() {
    ResourceInUseException e =
        catchThrowableOfType(
            () -> kinesis.createStream(r -> r.streamName(records).shardCount(1)),
            ResourceInUseException.class);
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo("Stream %s under account %s already exists.", records, ACCOUNT);
    assertThat(awaitActive(records).openShardCount()).isEqualTo(2);
  }

  @Test
  void exceedingTheShardLimitIsLimitExceededAndCreatesNothing() {
    String name = name("huge");
    LimitExceededException e =
        catchThrowableOfType(
            () -> kinesis.createStream(r -> r.streamName(name).shardCount(5000)),
            LimitExceededException.class);
    assertThat(e.awsErrorDetails().errorMessage())
        .startsWith(
            ("This request would exceed the shard limit for the account %s in %s. Current limit on"
                    + " shards is 1000. Number of shards that would have resulted from this request"
                    + " is")
                .formatted(ACCOUNT, CompatClients.REGION));
    assertThatThrownBy(() -> kinesis.describeStreamSummary(r -> r.streamName(name)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void anInvalidStreamNameIsAValidationException() {
    ValidationException e =
        catchThrowableOfType(
            () -> kinesis.createStream(r -> r.streamName("bad name!").shardCount(1)),
            ValidationException.class);
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "1 validation error detected: Value 'bad name!' at 'streamName' failed to satisfy"
                + " constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
  }

  @Test
  void aRequestNamingNoStreamIsInvalidArgument() {
    assertThatThrownBy(() -> kinesis.describeStreamSummary(r -> {}))
        .isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> kinesis.putRecord(r -> r.partitionKey("k").data(utf8("x"))))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void everyErrorIsAKinesisExceptionWithTheRequestId() {
    KinesisException e =
        catchThrowableOfType(
            () -> kinesis.describeStream(r -> r.streamName(name("nope"))), KinesisException.class);
    assertThat(e.requestId()).isNotBlank();
    assertThat(e.awsErrorDetails().serviceName()).isEqualTo("Kinesis");
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  protected String name(String hint) {
    return "compat-" + hint + "-" + streams.incrementAndGet();
  }

  protected static String arn(String streamName) {
    return "arn:aws:kinesis:" + CompatClients.REGION + ":" + ACCOUNT + ":stream/" + streamName;
  }

  protected static String shardId(int index) {
    return "shardId-%012d".formatted(index);
  }

  protected static SdkBytes utf8(String s) {
    return SdkBytes.fromUtf8String(s);
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }

  protected static ConditionFactory await() {
    return Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsMatching(e -> !(e instanceof AssertionError));
  }

  /** Waits for ACTIVE and returns the summary that showed it. */
  protected StreamDescriptionSummary awaitActive(String name) {
    return SdkStreams.awaitActive(kinesis, name);
  }

  private void assertRecent(Instant t) {
    assertThat(t)
        .as("a timestamp of this test run (1970 or year 50000 means a timestamp encoding bug)")
        .isNotNull()
        .isBetween(classStart.minusSeconds(60), Instant.now().plusSeconds(5));
  }

  /** Shard i of n covers [i * floor(2^128 / n), next start - 1], the last ending at 2^128 - 1. */
  private static void assertEvenShards(List<Shard> shards, int n) {
    assertThat(shards).hasSize(n);
    BigInteger step = HASH_SPACE.divide(BigInteger.valueOf(n));
    for (int i = 0; i < n; i++) {
      BigInteger start = step.multiply(BigInteger.valueOf(i));
      BigInteger end =
          i == n - 1
              ? MAX_HASH_KEY
              : step.multiply(BigInteger.valueOf(i + 1)).subtract(BigInteger.ONE);
      assertThat(shards.get(i).hashKeyRange().startingHashKey())
          .as("start of shard %d", i)
          .isEqualTo(start.toString());
      assertThat(shards.get(i).hashKeyRange().endingHashKey())
          .as("end of shard %d", i)
          .isEqualTo(end.toString());
    }
  }

  private static BigInteger md5(String partitionKey) {
    try {
      return new BigInteger(
          1,
          MessageDigest.getInstance("MD5").digest(partitionKey.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  protected String iterator(String stream, String shard, ShardIteratorType type) {
    return kinesis
        .getShardIterator(r -> r.streamName(stream).shardId(shard).shardIteratorType(type))
        .shardIterator();
  }

  private String atSequence(String stream, String shard, ShardIteratorType type, Record at) {
    return kinesis
        .getShardIterator(
            r ->
                r.streamName(stream)
                    .shardId(shard)
                    .shardIteratorType(type)
                    .startingSequenceNumber(at.sequenceNumber()))
        .shardIterator();
  }

  private String atTimestamp(String stream, String shard, Instant timestamp) {
    return kinesis
        .getShardIterator(
            r ->
                r.streamName(stream)
                    .shardId(shard)
                    .shardIteratorType(ShardIteratorType.AT_TIMESTAMP)
                    .timestamp(timestamp))
        .shardIterator();
  }

  /** The first record's data from an iterator, reading on through empty responses. */
  private String firstData(String iterator) {
    return readAll(iterator, 1).get(0).data().asUtf8String();
  }

  /** Reads from {@code iterator} until at least {@code count} records came, or 20 s passed. */
  protected List<Record> readAll(String iterator, int count) {
    List<Record> got = new ArrayList<>();
    String next = iterator;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (got.size() < count && next != null && System.nanoTime() < deadline) {
      String current = next;
      GetRecordsResponse page = kinesis.getRecords(r -> r.shardIterator(current));
      got.addAll(page.records());
      next = page.nextShardIterator();
    }
    assertThat(got).as("records read").hasSizeGreaterThanOrEqualTo(count);
    return got;
  }

  /** Reads a closed shard to its end; returns the last response, the one without an iterator. */
  private GetRecordsResponse readToShardEnd(String iterator, List<Record> into) {
    String next = iterator;
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      String current = next;
      GetRecordsResponse page = kinesis.getRecords(r -> r.shardIterator(current));
      into.addAll(page.records());
      if (page.nextShardIterator() == null) {
        return page;
      }
      assertThat(page.childShards()).as("ChildShards before the shard's end").isEmpty();
      next = page.nextShardIterator();
    }
    throw new AssertionError("no shard end within 20 s; read " + into.size() + " records");
  }

  private List<String> shardIds(String stream, ShardFilterType type, Instant timestamp) {
    return kinesis
        .listShards(r -> r.streamName(stream).shardFilter(f -> f.type(type).timestamp(timestamp)))
        .shards()
        .stream()
        .map(Shard::shardId)
        .toList();
  }
}
