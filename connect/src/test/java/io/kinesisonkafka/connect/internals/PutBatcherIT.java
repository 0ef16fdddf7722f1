package io.kinesisonkafka.connect.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.server.KinesisServer;
import io.kinesisonkafka.adapter.server.testkit.TestServers;
import io.kinesisonkafka.aggregation.UserRecord;
import io.kinesisonkafka.connect.testkit.Kinesis;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ScalingType;

/** The sink's batcher against the server: one call per shard, and a reshard while it puts. */
class PutBatcherIT {
  private static KinesisServer server;
  private static KinesisClient kinesis;

  @BeforeAll
  static void start() {
    server = TestServers.start("put-batcher");
    kinesis = Kinesis.client(TestServers.http(server));
  }

  @AfterAll
  static void stop() {
    if (kinesis != null) {
      kinesis.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static final TopicPartition TP = new TopicPartition("in", 0);

  private static void put(PutBatcher batcher, int keys, int from, int to, long[] offset)
      throws InterruptedException {
    for (int n = from; n < to; n++) {
      for (int k = 0; k < keys; k++) {
        String key = "key-" + k;
        byte[] data = Kinesis.data(key, n).getBytes(StandardCharsets.UTF_8);
        batcher.add(
            new KinesisEntry(TP, offset[0]++, key, null, data, data.length + key.length(), null));
      }
    }
    batcher.flush();
  }

  @Test
  void keepsEachKeysOrderAcrossAReshardAndTakesTheNewShards() throws Exception {
    String stream = "put-batcher-reshard";
    kinesis.createStream(r -> r.streamName(stream).shardCount(2));
    Kinesis.awaitActive(kinesis, stream, Duration.ofSeconds(30));
    PutBatcher batcher =
        new PutBatcher(
            kinesis,
            stream,
            500,
            5 * 1024 * 1024,
            true,
            Retriable.backoff(Duration.ofMillis(50), Duration.ofSeconds(1)),
            Duration.ofSeconds(60),
            Clock.systemUTC(),
            (e, error) -> {
              throw new AssertionError("refused: " + error);
            },
            0,
            () -> ShardLanes.of(new ShardLister(kinesis).shards(stream)));
    try {
      int keys = 200;
      long[] offset = {0};
      put(batcher, keys, 0, 10, offset);
      int before = batcher.lanes();
      kinesis.updateShardCount(
          r -> r.streamName(stream).targetShardCount(4).scalingType(ScalingType.UNIFORM_SCALING));
      Kinesis.awaitActive(kinesis, stream, Duration.ofSeconds(60));
      put(batcher, keys, 10, 20, offset);
      put(batcher, keys, 20, 25, offset);
      int after = batcher.lanes();

      List<UserRecord> read = Kinesis.readAll(kinesis, stream);
      Map<String, List<Integer>> perKey = new HashMap<>();
      for (UserRecord u : read) {
        String text = new String(u.data(), StandardCharsets.UTF_8);
        perKey
            .computeIfAbsent(u.partitionKey(), k -> new ArrayList<>())
            .add(Integer.parseInt(text.substring(text.indexOf(':') + 1)));
      }
      System.out.printf(
          "reshard 2 -> 4 shards while putting: written %d, read %d, lanes %d -> %d, calls %d,"
              + " committable %s%n",
          offset[0], read.size(), before, after, batcher.calls(), batcher.committable());
      assertThat(before).isEqualTo(2);
      assertThat(after).isEqualTo(4);
      assertThat(read).hasSize((int) offset[0]);
      assertThat(perKey).hasSize(keys);
      List<Integer> expected = new ArrayList<>();
      for (int n = 0; n < 25; n++) {
        expected.add(n);
      }
      perKey.forEach((key, ns) -> assertThat(ns).as(key).isEqualTo(expected));
      assertThat(batcher.committable()).containsEntry(TP, offset[0]);
    } finally {
      batcher.close();
    }
  }
}
