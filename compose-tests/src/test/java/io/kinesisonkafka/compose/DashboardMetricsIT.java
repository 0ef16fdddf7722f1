package io.kinesisonkafka.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.adobe.testing.s3mock.S3MockApplication;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import io.kinesisonkafka.embedded.SharedKafka;
import io.kinesisonkafka.examples.Endpoint;
import io.kinesisonkafka.examples.sdk.FanOutConsumer;
import io.kinesisonkafka.examples.sdk.PollingConsumer;
import io.kinesisonkafka.firehose.cli.BridgeSetting;
import io.kinesisonkafka.firehose.cli.FirehoseDaemon;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every metric the Grafana dashboard queries is one a running endpoint exports. The Firehose daemon
 * is started as compose/docker-compose.yml configures its {@code firehose} service (its KOK_
 * variables, the demo's delivery-streams.json, S3 on S3Mock for MinIO) plus the {@code kinesis}
 * service's streams, on the embedded Kafka: it serves the server's metrics and Firehose's from one
 * /metrics. Traffic makes every meter exist: puts, a write and a read throttle, an injected fault,
 * GetRecords, SubscribeToShard and a GZIP delivery to S3. Then /metrics is scraped over HTTP.
 */
class DashboardMetricsIT {
  @TempDir Path s3Root;

  @Test
  void everyMetricTheDashboardQueriesIsExportedByTheEndpoints() throws Exception {
    ComposeFile compose = ComposeFile.load();
    Path repo = ComposeFile.repoRoot();
    S3MockApplication s3 =
        S3MockApplication.start(
            new HashMap<>(
                Map.of(
                    S3MockApplication.PROP_HTTP_PORT,
                    S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_HTTPS_PORT,
                    S3MockApplication.RANDOM_PORT,
                    S3MockApplication.PROP_INITIAL_BUCKETS,
                    "orders-archive",
                    S3MockApplication.PROP_ROOT_DIRECTORY,
                    s3Root.toString(),
                    S3MockApplication.PROP_SILENT,
                    true)));
    String s3Endpoint = "http://localhost:" + s3.getHttpPort();
    // The daemon's S3 client takes the AWS default chain, as in the container (AWS_ACCESS_KEY_ID).
    System.setProperty("aws.accessKeyId", compose.environment("firehose").get("AWS_ACCESS_KEY_ID"));
    System.setProperty(
        "aws.secretAccessKey", compose.environment("firehose").get("AWS_SECRET_ACCESS_KEY"));

    Map<String, String> env = new HashMap<>(compose.environment("firehose"));
    env.put(
        Setting.CREATE_STREAMS.envVar(),
        compose.environment("kinesis").get(Setting.CREATE_STREAMS.envVar()));
    env.put(Setting.KAFKA_BOOTSTRAP_SERVERS.envVar(), SharedKafka.bootstrapServers());
    env.put(BridgeSetting.S3_ENDPOINT.envVar(), s3Endpoint);
    env.put(
        BridgeSetting.DELIVERY_STREAMS_FILE.envVar(),
        repo.resolve("compose/firehose/delivery-streams.json").toString());
    env.put(Setting.STARTUP_WARMUP_KAFKA_RECORDS.envVar(), "0"); // the start is not measured
    // Not in the demo (faults are off by default): one harmless rule, so its counter exists.
    env.put(Setting.FAULT_INJECTION.envVar(), "DescribeStreamSummary:latency:1.0:1");

    try (FirehoseDaemon daemon =
            FirehoseDaemon.start(env, Map.of(Setting.PORT, "0", Setting.TLS_PORT, "-1"), Map.of());
        KinesisClient kinesis =
            Endpoint.kinesis(URI.create("http://localhost:" + daemon.server().port()));
        KinesisAsyncClient async =
            Endpoint.kinesisAsync(URI.create("http://localhost:" + daemon.server().port()));
        S3Client objects =
            S3Client.builder()
                .endpointOverride(URI.create(s3Endpoint))
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
      SdkStreams.awaitActive(kinesis, "orders");
      kinesis.describeStreamSummary(r -> r.streamName("orders")); // the injected latency

      // 500 records of 3 KiB to one shard in one call: more than its 1 MiB/s, some throttled.
      byte[] data = new byte[3 * 1024];
      int put = 0;
      int accepted = 0;
      int throttled = 0;
      for (int call = 0; call < 20 && throttled == 0; call++) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
          entries.add(
              PutRecordsRequestEntry.builder()
                  .partitionKey("customer-1")
                  .data(SdkBytes.fromByteArray(data))
                  .build());
        }
        PutRecordsResponse response =
            kinesis.putRecords(r -> r.streamName("orders").records(entries));
        put += entries.size();
        throttled += response.failedRecordCount();
        accepted += entries.size() - response.failedRecordCount();
      }
      assertThat(throttled).as("records throttled on write").isPositive();

      // GetRecords faster than 5 calls per second and shard: a read throttle.
      String shard =
          kinesis.listShards(r -> r.streamName("orders")).shards().stream()
              .filter(
                  s ->
                      !kinesis
                          .getRecords(
                              g ->
                                  g.shardIterator(
                                      kinesis
                                          .getShardIterator(
                                              i ->
                                                  i.streamName("orders")
                                                      .shardId(s.shardId())
                                                      .shardIteratorType(
                                                          ShardIteratorType.TRIM_HORIZON))
                                          .shardIterator()))
                          .records()
                          .isEmpty())
              .findFirst()
              .orElseThrow()
              .shardId();
      // The SDK retries a throttled call by itself: this client must not, or none is seen.
      KinesisClient noRetries =
          KinesisClient.builder()
              .endpointOverride(URI.create("http://localhost:" + daemon.server().port()))
              .region(Region.US_EAST_1)
              .credentialsProvider(
                  StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
              .httpClientBuilder(ApacheHttpClient.builder())
              .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
              .build();
      int readThrottles = 0;
      String first =
          kinesis
              .getShardIterator(
                  i ->
                      i.streamName("orders")
                          .shardId(shard)
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator();
      // 20 calls at once on one shard: its bucket holds 5, whatever this machine's speed.
      ExecutorService pool = Executors.newFixedThreadPool(10);
      List<Future<Boolean>> calls = new ArrayList<>();
      for (int call = 0; call < 20; call++) {
        calls.add(
            pool.submit(
                () -> {
                  try {
                    noRetries.getRecords(g -> g.shardIterator(first).limit(10));
                    return false;
                  } catch (ProvisionedThroughputExceededException e) {
                    return true;
                  }
                }));
      }
      for (Future<Boolean> call : calls) {
        readThrottles += call.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      pool.shutdown();
      noRetries.close();
      assertThat(readThrottles).as("GetRecords calls throttled").isPositive();

      int polled = PollingConsumer.run(kinesis, "orders", 1, Duration.ofSeconds(30)).size();
      int subscribed =
          FanOutConsumer.run(async, "orders", "dashboard-check", 1, Duration.ofSeconds(60)).size();

      // The demo's delivery stream buffers 10 s, then writes a GZIP object to the bucket.
      long start = System.nanoTime();
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> objects.listObjectsV2(b -> b.bucket("orders-archive")).keyCount() > 0);
      long deliverySeconds = (System.nanoTime() - start) / 1_000_000_000L;
      List<String> keys =
          objects.listObjectsV2(b -> b.bucket("orders-archive")).contents().stream()
              .map(o -> o.key())
              .toList();

      Set<String> wanted = Dashboard.metricNames(Dashboard.file());
      HttpClient http = HttpClient.newHttpClient();
      URI metrics = URI.create("http://localhost:" + daemon.server().port() + "/metrics");
      Set<String> exported = new TreeSet<>();
      long scrapeDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      do {
        exported.clear();
        exported.addAll(scrape(http, metrics));
      } while (!exported.containsAll(wanted)
          && System.nanoTime() < scrapeDeadline
          && sleep(Duration.ofSeconds(1)));
      Set<String> missing = new TreeSet<>(wanted);
      missing.removeAll(exported);
      System.out.printf(
          "dashboard metrics: put %d records to orders, %d accepted, %d throttled on write; %d"
              + " GetRecords throttled; %d read by GetRecords, %d by SubscribeToShard; delivered to"
              + " S3 in ~%d s: %s; /metrics exports %d names, the dashboard queries %d, missing %s%n",
          put,
          accepted,
          throttled,
          readThrottles,
          polled,
          subscribed,
          deliverySeconds,
          keys,
          exported.size(),
          wanted.size(),
          missing);
      assertThat(keys).allMatch(k -> k.startsWith("orders/") && k.endsWith(".gz"));
      assertThat(missing).as("dashboard metrics nobody exports").isEmpty();
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
      s3.stop();
    }
  }

  private static boolean sleep(Duration d) throws InterruptedException {
    Thread.sleep(d.toMillis());
    return true;
  }

  /** The metric names in a Prometheus text exposition. */
  private static Set<String> scrape(HttpClient http, URI metrics) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Set<String> names = new TreeSet<>();
    response
        .body()
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
    return names;
  }
}
