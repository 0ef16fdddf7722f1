package io.kinesisonkafka.adapter.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kinesisonkafka.adapter.compat.CompatClients.WireRecorder;
import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.Setting;
import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ExpiredIteratorException;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * The errors that need a server configured for them, through the sync and the async client: a
 * shard's throughput limits (tiny here, so one record exhausts them: Kinesis lets a record larger
 * than the allowance through once and then throttles until the debt is repaid) give
 * ProvisionedThroughputExceededException, and a one-second iterator lifetime gives
 * ExpiredIteratorException. The clients do not retry, so the first answer is the one asserted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceLimitsIT {
  private static final String ACCOUNT = CompatClients.ACCOUNT;
  private final AtomicInteger streams = new AtomicInteger();
  private KinesisServer server;
  private KinesisClient sync;
  private KinesisClient async;

  @BeforeAll
  void start() {
    server =
        CompatClients.startServer(
            "limits",
            Map.of(
                Setting.LIMITS_ENABLED, "true",
                Setting.LIMIT_WRITE_BYTES, "1024",
                Setting.LIMIT_READ_BYTES, "1024"),
            engine -> engine.iteratorTtl(Duration.ofSeconds(1)));
    sync =
        CompatClients.syncApache(
            CompatClients.http(server),
            new WireRecorder(),
            o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    async =
        new AsyncKinesisAsSync(
            CompatClients.asyncNetty(
                CompatClients.http(server),
                new WireRecorder(),
                o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())));
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {sync, async, server}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // closing what is left
        }
      }
    }
  }

  Stream<String> clients() {
    return Stream.of("sync", "async");
  }

  private KinesisClient client(String which) {
    return which.equals("sync") ? sync : async;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void writesOverAShardsLimitAreProvisionedThroughputExceeded(String which) {
    KinesisClient kinesis = client(which);
    String stream = stream(kinesis);
    kinesis.putRecord(r -> r.streamName(stream).partitionKey("k").data(bytes(64 * 1024)));

    ProvisionedThroughputExceededException e =
        catchThrowableOfType(
            () -> kinesis.putRecord(r -> r.streamName(stream).partitionKey("k").data(bytes(10))),
            ProvisionedThroughputExceededException.class);
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Rate exceeded for shard shardId-000000000000 in stream %s under account %s.",
            stream, ACCOUNT);

    PutRecordsResponse batch =
        kinesis.putRecords(
            r ->
                r.streamName(stream)
                    .records(
                        List.of(
                            PutRecordsRequestEntry.builder()
                                .partitionKey("a")
                                .data(bytes(10))
                                .build(),
                            PutRecordsRequestEntry.builder()
                                .partitionKey("b")
                                .data(bytes(10))
                                .build())));
    assertThat(batch.failedRecordCount()).isEqualTo(2);
    assertThat(batch.records()).hasSize(2);
    for (PutRecordsResultEntry entry : batch.records()) {
      assertThat(entry.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
      assertThat(entry.errorMessage()).contains("shardId-000000000000").contains(stream);
      assertThat(entry.sequenceNumber()).isNull();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void readsOverAShardsLimitAreProvisionedThroughputExceeded(String which) {
    KinesisClient kinesis = client(which);
    String stream = stream(kinesis);
    // Written before the write allowance is exhausted: one record, then the shard's debt.
    kinesis.putRecord(r -> r.streamName(stream).partitionKey("k").data(bytes(64 * 1024)));
    String iterator =
        kinesis
            .getShardIterator(
                r ->
                    r.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    GetRecordsResponse first = kinesis.getRecords(r -> r.shardIterator(iterator));
    assertThat(first.records()).hasSize(1);

    ProvisionedThroughputExceededException e =
        catchThrowableOfType(
            () -> kinesis.getRecords(r -> r.shardIterator(first.nextShardIterator())),
            ProvisionedThroughputExceededException.class);
    assertThat(e.awsErrorDetails().errorMessage())
        .isEqualTo(
            "Rate exceeded for shard shardId-000000000000 in stream %s under account %s.",
            stream, ACCOUNT);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clients")
  void anIteratorPastItsLifetimeIsExpiredIteratorException(String which) throws Exception {
    KinesisClient kinesis = client(which);
    String stream = stream(kinesis);
    String iterator =
        kinesis
            .getShardIterator(
                r ->
                    r.streamName(stream)
                        .shardId("shardId-000000000000")
                        .shardIteratorType(ShardIteratorType.LATEST))
            .shardIterator();
    Thread.sleep(1200);
    ExpiredIteratorException e =
        catchThrowableOfType(
            () -> kinesis.getRecords(r -> r.shardIterator(iterator)),
            ExpiredIteratorException.class);
    assertThat(e.awsErrorDetails().errorMessage())
        .startsWith("Iterator expired. The iterator was created at time ")
        .endsWith("which is further in the future than the tolerated delay of 1000 milliseconds.");
  }

  private String stream(KinesisClient kinesis) {
    String name = "limits-" + streams.incrementAndGet();
    SdkStreams.createActive(kinesis, name, 1);
    return name;
  }

  private static SdkBytes bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return SdkBytes.fromByteArray(b);
  }
}
