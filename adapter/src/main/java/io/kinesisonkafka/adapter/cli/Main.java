package io.kinesisonkafka.adapter.cli;

import io.kinesisonkafka.adapter.EngineConfig;
import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.ShardLimits;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.model.CreateStreamRequest;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.model.Shard;
import io.kinesisonkafka.adapter.model.ShardIteratorType;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.model.StreamStatus;
import io.kinesisonkafka.embedded.EmbeddedKafkaCluster;
import java.io.PrintStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The command-line entry point: runs the stream engine on an existing Kafka cluster or on an
 * embedded one, walks through a short demo (create a stream, put, read, split), and stays up until
 * interrupted so the streams can be inspected with any Kafka tool.
 */
@Command(
    name = "kinesis-on-kafka",
    mixinStandardHelpOptions = true,
    description = "Kinesis Data Streams semantics on Apache Kafka.")
public final class Main implements Callable<Integer> {
  @Option(
      names = "--bootstrap-servers",
      defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
      description = "Kafka cluster to use (env KAFKA_BOOTSTRAP_SERVERS); embedded when absent.")
  String bootstrapServers;

  @Option(
      names = "--exit-after-demo",
      description = "Exit once the demo has run instead of staying up.")
  boolean exitAfterDemo;

  private final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    EmbeddedKafkaCluster embedded = null;
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      out.println("Starting an embedded single-node Kafka (KRaft)...");
      embedded = EmbeddedKafkaCluster.builder().build();
      embedded.start();
      bootstrapServers = embedded.bootstrapServers();
    }
    out.println("Kafka bootstrap servers: " + bootstrapServers);
    EngineConfig config =
        EngineConfig.custom()
            .bootstrapServers(bootstrapServers)
            .shardLimits(ShardLimits.kinesisDefaults())
            .build();
    try (EmbeddedKafkaCluster cluster = embedded;
        KinesisEngine engine = KinesisEngine.start(config)) {
      demo(engine);
      if (!exitAfterDemo) {
        out.println(
            "Up. Inspect topic "
                + config.topicPrefix()
                + "demo with any Kafka tool; Ctrl-C stops.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "shutdown"));
        stopped.await();
      }
    }
    return 0;
  }

  private void demo(KinesisEngine engine) throws InterruptedException {
    StreamRef demo = StreamRef.named("demo");
    try {
      engine.createStream(CreateStreamRequest.provisioned("demo", 2));
      out.println("CreateStream demo (2 shards)");
    } catch (KinesisException e) {
      out.println("Stream demo exists already: " + e.getMessage());
    }
    awaitActive(engine, demo);
    for (int i = 0; i < 4; i++) {
      PutRecordResult put =
          engine.putRecord(
              demo,
              PutRecordsEntry.of("user-" + i, ("hello " + i).getBytes(StandardCharsets.UTF_8)),
              null);
      out.printf("PutRecord user-%d -> %s %s%n", i, put.shardId(), put.sequenceNumber());
    }
    for (Shard shard : engine.listShards(demo, null, null, null, null).shards()) {
      String it =
          engine.getShardIterator(
              demo, shard.shardId(), ShardIteratorType.TRIM_HORIZON, null, null);
      GetRecordsResult got = engine.getRecords(it, 100);
      for (Record r : got.records()) {
        out.printf(
            "GetRecords %s: %s = %s%n",
            shard.shardId(), r.partitionKey(), new String(r.data(), StandardCharsets.UTF_8));
      }
    }
    Shard first = engine.listShards(demo, null, null, null, null).shards().get(0);
    if (engine.describeStreamSummary(demo).openShardCount() == 2) {
      BigInteger mid =
          first
              .hashKeyRange()
              .startingHashKey()
              .add(first.hashKeyRange().endingHashKey())
              .shiftRight(1);
      engine.splitShard(demo, first.shardId(), mid.toString());
      awaitActive(engine, demo);
      out.println("SplitShard " + first.shardId() + ": shards now");
      for (Shard s : engine.listShards(demo, null, null, null, null).shards()) {
        out.printf(
            "  %s parent=%s range=[%s..%s] %s%n",
            s.shardId(),
            s.parentShardId(),
            s.hashKeyRange().startingHashKey(),
            s.hashKeyRange().endingHashKey(),
            s.sequenceNumberRange().endingSequenceNumber() == null ? "open" : "closed");
      }
    }
  }

  private static void awaitActive(KinesisEngine engine, StreamRef ref) throws InterruptedException {
    while (engine.describeStreamSummary(ref).streamStatus() != StreamStatus.ACTIVE) {
      Thread.sleep(100);
    }
  }
}
