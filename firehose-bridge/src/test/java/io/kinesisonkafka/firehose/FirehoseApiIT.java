package io.kinesisonkafka.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import io.kinesisonkafka.aggregation.Aggregate;
import io.kinesisonkafka.aggregation.AggregatedRecordBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamType;
import software.amazon.awssdk.services.firehose.model.ExtendedS3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.HttpEndpointDestinationDescription;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.S3BackupMode;
import software.amazon.awssdk.services.firehose.model.S3DestinationDescription;
import software.amazon.awssdk.services.firehose.model.Tag;

/** The real Firehose client of the AWS SDK v2 against the Kinesis endpoint with the bridge. */
class FirehoseApiIT {
  @TempDir static Path root;
  private static KinesisServer server;
  private static FirehoseBridge bridge;
  private static FirehoseClient firehose;

  @BeforeAll
  static void start() {
    String u = TestBridges.unique("api");
    server = TestServers.start("api", Map.of());
    String kinesisTopics = server.engine().config().topicPrefix();
    bridge =
        TestBridges.start(u, ObjectStore.files(root), b -> b.kinesisTopicPrefix(kinesisTopics));
    FirehoseApi.register(server.registry(), bridge);
    firehose =
        FirehoseClient.builder()
            .endpointOverride(URI.create("http://localhost:" + server.port()))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
  }

  @AfterAll
  static void stop() {
    firehose.close();
    bridge.close();
    server.close();
  }

  private static void create(String name, int intervalSeconds) {
    firehose.createDeliveryStream(
        b ->
            b.deliveryStreamName(name)
                .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                .extendedS3DestinationConfiguration(
                    s ->
                        s.bucketARN("arn:aws:s3:::" + name)
                            .roleARN("arn:aws:iam::000000000000:role/firehose")
                            .compressionFormat(CompressionFormat.UNCOMPRESSED)
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(intervalSeconds)))
                .tags(Tag.builder().key("team").value("data").build()));
  }

  @Test
  void createsDescribesListsAndDeletesADeliveryStream() {
    create("lifecycle", 60);
    DeliveryStreamDescription d =
        firehose
            .describeDeliveryStream(b -> b.deliveryStreamName("lifecycle"))
            .deliveryStreamDescription();
    assertThat(d.deliveryStreamStatus()).isEqualTo(DeliveryStreamStatus.ACTIVE);
    assertThat(d.deliveryStreamType()).isEqualTo(DeliveryStreamType.DIRECT_PUT);
    assertThat(d.deliveryStreamARN()).endsWith(":deliverystream/lifecycle");
    assertThat(
            d.destinations()
                .get(0)
                .extendedS3DestinationDescription()
                .bufferingHints()
                .intervalInSeconds())
        .isEqualTo(60);
    assertThat(firehose.listDeliveryStreams(b -> b.limit(100)).deliveryStreamNames())
        .contains("lifecycle");

    firehose.deleteDeliveryStream(b -> b.deliveryStreamName("lifecycle"));
    assertThat(firehose.listDeliveryStreams(b -> b.limit(100)).deliveryStreamNames())
        .doesNotContain("lifecycle");
    assertThatThrownBy(
            () -> firehose.describeDeliveryStream(b -> b.deliveryStreamName("lifecycle")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  /**
   * The Firehose API reference marks RoleARN, BufferingHints, CompressionFormat and
   * EncryptionConfiguration required in S3 destination descriptions; generated clients model them
   * as non-optional. Every member the request gave comes back, secrets excepted.
   */
  @Test
  void describeEchoesEveryMemberTheRequestGave() {
    String role = "arn:aws:iam::000000000000:role/firehose-echo";
    String backupRole = "arn:aws:iam::000000000000:role/firehose-backup";
    firehose.createDeliveryStream(
        b ->
            b.deliveryStreamName("echo-s3")
                .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                .extendedS3DestinationConfiguration(
                    s ->
                        s.bucketARN("arn:aws:s3:::echo")
                            .roleARN(role)
                            .prefix("in/")
                            .errorOutputPrefix("err/!{firehose:error-output-type}/")
                            .s3BackupMode(S3BackupMode.DISABLED)
                            .cloudWatchLoggingOptions(
                                l ->
                                    l.enabled(true)
                                        .logGroupName("/aws/firehose/echo")
                                        .logStreamName("delivery"))
                            .encryptionConfiguration(
                                e ->
                                    e.kmsEncryptionConfig(
                                        k -> k.awskmsKeyARN("arn:aws:kms:us-east-1:0:key/k")))));
    firehose.createDeliveryStream(
        b ->
            b.deliveryStreamName("echo-http")
                .deliveryStreamType(DeliveryStreamType.DIRECT_PUT)
                .httpEndpointDestinationConfiguration(
                    h ->
                        h.endpointConfiguration(
                                e ->
                                    e.url("https://example.com/in")
                                        .name("example")
                                        .accessKey("secret-key"))
                            .roleARN(role)
                            .s3Configuration(
                                s3 -> s3.bucketARN("arn:aws:s3:::backup").roleARN(backupRole))));

    ExtendedS3DestinationDescription s3 =
        firehose
            .describeDeliveryStream(b -> b.deliveryStreamName("echo-s3"))
            .deliveryStreamDescription()
            .destinations()
            .get(0)
            .extendedS3DestinationDescription();
    HttpEndpointDestinationDescription http =
        firehose
            .describeDeliveryStream(b -> b.deliveryStreamName("echo-http"))
            .deliveryStreamDescription()
            .destinations()
            .get(0)
            .httpEndpointDestinationDescription();

    System.out.println("FirehoseApiIT echo: " + s3 + "\n" + http);
    assertThat(s3.roleARN()).isEqualTo(role);
    assertThat(s3.bucketARN()).isEqualTo("arn:aws:s3:::echo");
    assertThat(s3.prefix()).isEqualTo("in/");
    assertThat(s3.bufferingHints()).isNotNull();
    assertThat(s3.compressionFormat()).isEqualTo(CompressionFormat.UNCOMPRESSED);
    assertThat(s3.encryptionConfiguration().kmsEncryptionConfig().awskmsKeyARN())
        .isEqualTo("arn:aws:kms:us-east-1:0:key/k");
    assertThat(s3.s3BackupMode()).isEqualTo(S3BackupMode.DISABLED);
    assertThat(s3.cloudWatchLoggingOptions().logGroupName()).isEqualTo("/aws/firehose/echo");

    assertThat(http.roleARN()).isEqualTo(role);
    assertThat(http.endpointConfiguration().url()).isEqualTo("https://example.com/in");
    assertThat(http.endpointConfiguration().name()).isEqualTo("example");
    S3DestinationDescription backup = http.s3DestinationDescription();
    assertThat(backup.roleARN()).isEqualTo(backupRole);
    assertThat(backup.bucketARN()).isEqualTo("arn:aws:s3:::backup");
    assertThat(backup.bufferingHints()).isNotNull();
    assertThat(backup.compressionFormat()).isNotNull();
    assertThat(backup.encryptionConfiguration()).isNotNull();
    assertThat(http.toString() + s3).doesNotContain("secret-key");
  }

  @Test
  void answersWithFirehoseErrors() {
    create("twice", 60);
    assertThatThrownBy(() -> create("twice", 60)).isInstanceOf(ResourceInUseException.class);
    assertThatThrownBy(() -> create("bad-hints", 901))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("intervalInSeconds must be in [0, 900], but was 901");
    assertThatThrownBy(
            () ->
                firehose.putRecord(
                    b ->
                        b.deliveryStreamName("nope")
                            .record(r -> r.data(SdkBytes.fromUtf8String("x")))))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void putRecordAndPutRecordBatchAreDelivered() throws Exception {
    create("puts", 1);
    // A body is one JSON value: a PutRecord followed by a stray '}' is refused and not delivered
    // (the count of 11 lines below would be 12).
    java.net.http.HttpResponse<String> trailing =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        URI.create("http://localhost:" + server.port() + "/"))
                    .header("Content-Type", "application/x-amz-json-1.1")
                    .header("X-Amz-Target", "Firehose_20150804.PutRecord")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"DeliveryStreamName\":\"puts\",\"Record\":{\"Data\":\"YmFkCg==\"}}}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    System.out.println(
        "FirehoseApiIT trailing '}': " + trailing.statusCode() + " " + trailing.body());
    assertThat(trailing.statusCode()).isEqualTo(400);
    assertThat(trailing.body()).contains("SerializationException");
    String id =
        firehose
            .putRecord(
                b ->
                    b.deliveryStreamName("puts")
                        .record(r -> r.data(SdkBytes.fromUtf8String("first\n"))))
            .recordId();
    assertThat(id).isNotEmpty();
    List<Record> batch = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      batch.add(Record.builder().data(SdkBytes.fromUtf8String("batch-" + i + "\n")).build());
    }
    PutRecordBatchResponse r =
        firehose.putRecordBatch(b -> b.deliveryStreamName("puts").records(batch));
    assertThat(r.failedPutCount()).isZero();
    assertThat(r.requestResponses())
        .hasSize(10)
        .allSatisfy(e -> assertThat(e.recordId()).isNotEmpty());
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> TestBridges.lines(root.resolve("puts")).size() == 11);
    assertThat(TestBridges.lines(root.resolve("puts"))).first().isEqualTo("first");
  }

  @Test
  void aKinesisStreamAsSourceDeliversItsKplUserRecordsDeaggregated() {
    StreamRef clicks = TestEngines.createActive(server.engine(), "clicks", 2);
    AggregatedRecordBuilder kpl = new AggregatedRecordBuilder();
    for (String r : List.of("u1\n", "u2\n", "u3\n")) {
      kpl.tryAdd("key-" + r.trim(), null, r.getBytes(StandardCharsets.UTF_8));
    }
    Aggregate aggregate = kpl.build();
    server
        .engine()
        .putRecord(
            clicks,
            new PutRecordsEntry(
                aggregate.partitionKey(), aggregate.data(), aggregate.explicitHashKey()),
            null);
    server
        .engine()
        .putRecord(
            clicks, PutRecordsEntry.of("plain", "p1\n".getBytes(StandardCharsets.UTF_8)), null);
    firehose.createDeliveryStream(
        b ->
            b.deliveryStreamName("from-kinesis")
                .deliveryStreamType(DeliveryStreamType.KINESIS_STREAM_AS_SOURCE)
                .kinesisStreamSourceConfiguration(
                    k ->
                        k.kinesisStreamARN("arn:aws:kinesis:us-east-1:000000000000:stream/clicks")
                            .roleARN("arn:aws:iam::000000000000:role/firehose"))
                .extendedS3DestinationConfiguration(
                    s ->
                        s.bucketARN("arn:aws:s3:::from-kinesis")
                            .roleARN("arn:aws:iam::000000000000:role/firehose")
                            .bufferingHints(h -> h.sizeInMBs(1).intervalInSeconds(1))));
    await()
        .atMost(Duration.ofSeconds(15))
        .until(() -> TestBridges.lines(root.resolve("from-kinesis")).size() == 4);
    assertThat(TestBridges.lines(root.resolve("from-kinesis")))
        .containsExactlyInAnyOrder("u1", "u2", "u3", "p1");
    assertThat(
            firehose
                .describeDeliveryStream(b -> b.deliveryStreamName("from-kinesis"))
                .deliveryStreamDescription()
                .source()
                .kinesisStreamSourceDescription()
                .kinesisStreamARN())
        .endsWith(":stream/clicks");
    assertThatThrownBy(
            () ->
                firehose.putRecord(
                    b ->
                        b.deliveryStreamName("from-kinesis")
                            .record(r -> r.data(SdkBytes.fromUtf8String("x")))))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void tagsAndUntagsADeliveryStream() {
    create("tagged", 60);
    firehose.tagDeliveryStream(
        b -> b.deliveryStreamName("tagged").tags(Tag.builder().key("env").value("test").build()));
    assertThat(firehose.listTagsForDeliveryStream(b -> b.deliveryStreamName("tagged")).tags())
        .extracting(Tag::key)
        .containsExactly("env", "team");
    firehose.untagDeliveryStream(b -> b.deliveryStreamName("tagged").tagKeys("team"));
    assertThat(firehose.listTagsForDeliveryStream(b -> b.deliveryStreamName("tagged")).tags())
        .extracting(Tag::key)
        .containsExactly("env");
  }
}
