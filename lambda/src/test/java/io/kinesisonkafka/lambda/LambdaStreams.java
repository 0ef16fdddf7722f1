package io.kinesisonkafka.lambda;

import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.StreamRef;
import io.kinesisonkafka.adapter.testkit.TestEngine;
import io.kinesisonkafka.adapter.testkit.TestEngines;
import io.kinesisonkafka.consumer.InitialPosition;
import io.kinesisonkafka.consumer.SchedulerConfig;
import io.kinesisonkafka.embedded.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** An engine on the shared test broker in a namespace of its own, streams, and mappings on them. */
final class LambdaStreams implements AutoCloseable {
  static final String ACCOUNT = "123456789012";
  static final String REGION = "us-east-1";

  final String bootstrap;
  final String namespace;
  private final TestEngine kit;

  LambdaStreams() {
    bootstrap = SharedKafka.bootstrapServers();
    kit = TestEngine.start(bootstrap, "l", b -> b);
    namespace = kit.namespace();
  }

  StreamRef create(String name, int shards) {
    return kit.createActive(name, shards);
  }

  /** Splits {@code shardId} of {@code stream} in the middle of the hash key space. */
  void split(StreamRef stream, String shardId) {
    kit.engine().splitShard(stream, shardId, java.math.BigInteger.ONE.shiftLeft(127).toString());
    kit.awaitActive(stream.streamName());
  }

  String arn(String stream) {
    return "arn:aws:kinesis:" + REGION + ":" + ACCOUNT + ":stream/" + stream;
  }

  /** A mapping of {@code function} on {@code stream} from TRIM_HORIZON, plus {@code more} JSON. */
  EventSourceMapping mapping(String function, String stream, String more) {
    return EventSourceMapping.parse(
        "{\"FunctionName\": \""
            + function
            + "\", \"EventSourceArn\": \""
            + arn(stream)
            + "\", \"StartingPosition\": \"TRIM_HORIZON\""
            + (more.isBlank() ? "" : ", " + more)
            + "}");
  }

  /** Puts records with these partition keys and data, in order, in batches of 500. */
  void put(StreamRef stream, List<String[]> keyAndData) {
    List<PutRecordsEntry> batch = new ArrayList<>();
    for (String[] kd : keyAndData) {
      batch.add(PutRecordsEntry.of(kd[0], kd[1].getBytes(StandardCharsets.UTF_8)));
      if (batch.size() == 500) {
        putAll(stream, batch);
      }
    }
    putAll(stream, batch);
  }

  void put(StreamRef stream, String key, String data) {
    put(stream, List.<String[]>of(new String[] {key, data}));
  }

  void putBytes(StreamRef stream, String key, byte[] data) {
    List<PutRecordsEntry> batch = new ArrayList<>();
    batch.add(PutRecordsEntry.of(key, data));
    putAll(stream, batch);
  }

  private void putAll(StreamRef stream, List<PutRecordsEntry> batch) {
    if (batch.isEmpty()) {
      return;
    }
    var result = kit.engine().putRecords(stream, List.copyOf(batch));
    if (result.failedRecordCount() > 0) {
      throw new AssertionError(result.failedRecordCount() + " records failed");
    }
    batch.clear();
  }

  SchedulerConfig.Builder scheduler(String application) {
    return schedulerConfig(bootstrap, namespace, application);
  }

  /** Test settings: fast failover and discovery. The runner sets the stream and position. */
  static SchedulerConfig.Builder schedulerConfig(
      String bootstrap, String namespace, String application) {
    return SchedulerConfig.custom().applicationName(namespace + "-" + application).stream(
            "placeholder")
        .bootstrapServers(bootstrap)
        .topicPrefix(TestEngines.topicPrefix(namespace))
        .catalogTopic(TestEngines.catalogTopic(namespace))
        .initialPosition(InitialPosition.TRIM_HORIZON)
        .idleTimeBetweenReads(Duration.ofMillis(100))
        .failoverTime(Duration.ofSeconds(6))
        .parentShardPollInterval(Duration.ofMillis(200))
        .shardSyncInterval(Duration.ofMillis(500))
        .shardEndRetryInterval(Duration.ofMillis(500))
        .gracefulShutdownTimeout(Duration.ofSeconds(20));
  }

  RunnerConfig.Builder runner(String application) {
    return RunnerConfig.custom()
        .scheduler(scheduler(application).build())
        .retryBackoff(Duration.ofMillis(20))
        .maxRetryBackoff(Duration.ofMillis(200));
  }

  @Override
  public void close() {
    kit.close();
  }
}
