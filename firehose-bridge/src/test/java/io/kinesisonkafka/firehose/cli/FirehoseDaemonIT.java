package io.kinesisonkafka.firehose.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.embedded.SharedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;

class FirehoseDaemonIT {
  @TempDir Path dir;

  private String delivered() {
    try (Stream<Path> files = Files.walk(dir.resolve("out"))) {
      StringBuilder s = new StringBuilder();
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        s.append(Files.readString(f));
      }
      return s.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void servesTheDeliveryStreamsOfItsFileOnTheKinesisEndpoint() throws Exception {
    String u =
        "daemon-"
            + Integer.toHexString(ThreadLocalRandom.current().nextInt()).toLowerCase(Locale.ROOT);
    Path streams = dir.resolve("streams.json");
    Files.writeString(
        streams,
        """
        {"DeliveryStreams": [{"DeliveryStreamName": "events",
          "ExtendedS3DestinationConfiguration": {"BucketARN": "arn:aws:s3:::events",
            "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 0}}}]}
        """);
    try (FirehoseDaemon daemon =
            FirehoseDaemon.start(
                Map.of(),
                Map.of(
                    Setting.KAFKA_BOOTSTRAP_SERVERS,
                    SharedKafka.bootstrapServers(),
                    Setting.PORT,
                    "0",
                    Setting.TLS_PORT,
                    "-1",
                    Setting.CATALOG_TOPIC,
                    "__kinesis_catalog_" + u,
                    Setting.TOPIC_PREFIX,
                    "kinesis." + u + ".",
                    Setting.STARTUP_WARMUP_KAFKA_RECORDS,
                    "0"),
                Map.of(
                    BridgeSetting.DELIVERY_STREAMS_FILE,
                    streams.toString(),
                    BridgeSetting.FILES_ROOT,
                    dir.resolve("out").toString(),
                    BridgeSetting.CATALOG_TOPIC,
                    "__firehose_catalog_" + u,
                    BridgeSetting.TOPIC_PREFIX,
                    "firehose." + u + "."));
        FirehoseClient firehose =
            FirehoseClient.builder()
                .endpointOverride(URI.create("http://localhost:" + daemon.server().port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
                .httpClientBuilder(ApacheHttpClient.builder())
                .build()) {
      assertThat(firehose.listDeliveryStreams(b -> {}).deliveryStreamNames())
          .containsExactly("events");
      firehose.putRecord(
          b ->
              b.deliveryStreamName("events").record(r -> r.data(SdkBytes.fromUtf8String("hello"))));
      await()
          .atMost(Duration.ofSeconds(15))
          .ignoreExceptions()
          .until(() -> delivered().equals("hello"));
      assertThat(daemon.server().meters().scrape()).contains("IncomingRecords");
    }
  }
}
