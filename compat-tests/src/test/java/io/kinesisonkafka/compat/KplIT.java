package io.kinesisonkafka.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.common.util.concurrent.ListenableFuture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.kinesis.producer.KinesisProducer;
import software.amazon.kinesis.producer.KinesisProducerConfiguration;
import software.amazon.kinesis.producer.UserRecordResult;
import software.amazon.kinesis.retrieval.AggregatorUtil;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * The KPL 1.x (its native daemon, shipped in the jar) puts aggregated records over HTTPS; read back
 * with GetRecords and de-aggregated by the KCL's {@link AggregatorUtil}, every user record is there
 * once, with its partition key and bytes, on the shard and at the sequence number the KPL reported;
 * and consumer-lib, reading the same aggregates straight from Kafka, hands each user record to its
 * processors once, with the same shard and sequence number.
 */
class KplIT {
  private static final Logger log = LoggerFactory.getLogger(KplIT.class);

  private static final String STREAM = "kpl";
  private static final int SHARDS = 4;
  private static final int USER_RECORDS = 3_000;
  private static final int KEYS = 200;

  record UserRecord(String partitionKey, String data) {}

  record Placement(String shardId, String sequenceNumber) {}

  @Test
  void everyUserRecordTheKplAggregatesArrivesOnceAndAsSent() throws Exception {
    try (KinesisEndpoint server = KinesisEndpoint.start("kpl");
        KinesisClient kinesis = AwsClients.kinesis(server.http())) {
      Streams.createActive(kinesis, STREAM, SHARDS);

      List<UserRecord> sent = new ArrayList<>();
      List<Placement> reported = new ArrayList<>();
      KinesisProducer producer = new KinesisProducer(configuration(server.tlsPort()));
      try {
        // The KPL asks for the shard map after its first record and aggregates only once it has
        // it, so the first record goes out alone; the rest are aggregated per predicted shard.
        List<ListenableFuture<UserRecordResult>> futures = new ArrayList<>();
        futures.add(put(producer, sent, 0));
        futures.get(0).get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> server.requests("ListShards") > 0);
        for (int i = 1; i < USER_RECORDS; i++) {
          futures.add(put(producer, sent, i));
        }
        producer.flushSync();
        for (ListenableFuture<UserRecordResult> future : futures) {
          UserRecordResult result = future.get(60, TimeUnit.SECONDS);
          assertThat(result.isSuccessful()).as("attempts %s", result.getAttempts()).isTrue();
          reported.add(new Placement(result.getShardId(), result.getSequenceNumber()));
        }
      } finally {
        producer.destroy();
      }
      log.info("requests served: {}", server.requests());

      List<UserRecord> received = new ArrayList<>();
      List<Placement> placements = new ArrayList<>();
      int kinesisRecords = 0;
      for (Shard shard : Streams.shards(kinesis, STREAM)) {
        List<KinesisClientRecord> records = readAll(kinesis, shard);
        kinesisRecords += records.size();
        for (KinesisClientRecord record :
            new AggregatorUtil()
                .deaggregate(
                    records,
                    shard.hashKeyRange().startingHashKey(),
                    shard.hashKeyRange().endingHashKey())) {
          received.add(new UserRecord(record.partitionKey(), utf8(record.data())));
          placements.add(new Placement(shard.shardId(), record.sequenceNumber()));
        }
      }
      log.info("{} user records arrived in {} Kinesis records", received.size(), kinesisRecords);

      assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
      assertThat(kinesisRecords).as("Kinesis records, so aggregated").isLessThan(USER_RECORDS / 10);
      assertThat(placements).containsExactlyInAnyOrderElementsOf(reported);

      // consumer-lib reads the same aggregates straight from Kafka and de-aggregates them alike.
      List<Placement> consumed = consumeWithConsumerLib(server, placements.size());
      assertThat(consumed).containsExactlyInAnyOrderElementsOf(reported);
    }
  }

  /**
   * Every user record consumer-lib hands its processors, as (shard, sequence number), once the
   * expected number arrived.
   */
  private static List<Placement> consumeWithConsumerLib(KinesisEndpoint server, int expected) {
    io.kinesisonkafka.adapter.EngineConfig engine = server.engineConfig();
    List<Placement> consumed = java.util.Collections.synchronizedList(new ArrayList<>());
    io.kinesisonkafka.consumer.SchedulerConfig config =
        io.kinesisonkafka.consumer.SchedulerConfig.custom().applicationName("kpl-compat").stream(
                STREAM)
            .bootstrapServers(String.valueOf(engine.kafkaProperties().get("bootstrap.servers")))
            .topicPrefix(engine.topicPrefix())
            .catalogTopic(engine.catalogTopic())
            .initialPosition(io.kinesisonkafka.consumer.InitialPosition.TRIM_HORIZON)
            .build();
    try (io.kinesisonkafka.consumer.Scheduler scheduler =
        io.kinesisonkafka.consumer.Scheduler.start(config, () -> new Collector(consumed))) {
      await().atMost(Duration.ofSeconds(60)).until(() -> consumed.size() >= expected);
    }
    return List.copyOf(consumed);
  }

  /** Notes where each user record came from; checkpoints every batch. */
  private static final class Collector implements io.kinesisonkafka.consumer.ShardRecordProcessor {
    private final List<Placement> consumed;
    private String shardId;

    Collector(List<Placement> consumed) {
      this.consumed = consumed;
    }

    @Override
    public void initialize(io.kinesisonkafka.consumer.InitializationInput input) {
      shardId = input.shardId();
    }

    @Override
    public void processRecords(io.kinesisonkafka.consumer.ProcessRecordsInput input) {
      for (io.kinesisonkafka.consumer.KinesisClientRecord r : input.records()) {
        consumed.add(new Placement(shardId, r.sequenceNumber()));
      }
      input.checkpointer().checkpoint();
    }

    @Override
    public void leaseLost(io.kinesisonkafka.consumer.LeaseLostInput input) {}

    @Override
    public void shardEnded(io.kinesisonkafka.consumer.ShardEndedInput input) {
      input.checkpointer().checkpoint();
    }

    @Override
    public void shutdownRequested(io.kinesisonkafka.consumer.ShutdownRequestedInput input) {}
  }

  private static ListenableFuture<UserRecordResult> put(
      KinesisProducer producer, List<UserRecord> sent, int i) {
    UserRecord record =
        new UserRecord(String.format("user-%03d", i % KEYS), String.format("kpl-%05d", i));
    sent.add(record);
    return producer.addUserRecord(
        STREAM,
        record.partitionKey(),
        ByteBuffer.wrap(record.data().getBytes(StandardCharsets.UTF_8)));
  }

  private static KinesisProducerConfiguration configuration(int tlsPort) throws Exception {
    Path temp = Files.createDirectories(Path.of("target", "kpl"));
    return new KinesisProducerConfiguration()
        .setRegion(AwsClients.REGION.id())
        .setCredentialsProvider(AwsClients.CREDENTIALS)
        .setKinesisEndpoint("localhost")
        .setKinesisPort(tlsPort)
        .setVerifyCertificate(false)
        .setMetricsLevel("none")
        .setCloudwatchEndpoint("localhost")
        .setCloudwatchPort(LocalPorts.free())
        .setAggregationEnabled(true)
        .setLogLevel("info")
        .setTempDirectory(temp.toAbsolutePath().toString());
  }

  /** GetRecords from TRIM_HORIZON until an empty response that is not behind the tip. */
  private static List<KinesisClientRecord> readAll(KinesisClient kinesis, Shard shard) {
    List<KinesisClientRecord> records = new ArrayList<>();
    String iterator =
        kinesis
            .getShardIterator(
                r ->
                    r.streamName(STREAM)
                        .shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
            .shardIterator();
    while (iterator != null) {
      String current = iterator;
      GetRecordsResponse response = kinesis.getRecords(r -> r.shardIterator(current));
      response.records().forEach(r -> records.add(KinesisClientRecord.fromRecord(r)));
      if (response.records().isEmpty() && response.millisBehindLatest() == 0) {
        break;
      }
      iterator = response.nextShardIterator();
    }
    return records;
  }

  private static String utf8(ByteBuffer data) {
    ByteBuffer copy = data.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
