package io.kinesisonkafka.compat;

import static org.awaitility.Awaitility.await;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Stream set-up through the SDK, waiting as an application would for ACTIVE. */
final class Streams {
  private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(60);

  private Streams() {}

  static void createActive(KinesisClient kinesis, String stream, int shards) {
    kinesis.createStream(r -> r.streamName(stream).shardCount(shards));
    awaitActive(kinesis, stream);
  }

  static void awaitActive(KinesisClient kinesis, String stream) {
    await()
        .atMost(ACTIVE_TIMEOUT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                kinesis
                        .describeStreamSummary(r -> r.streamName(stream))
                        .streamDescriptionSummary()
                        .streamStatus()
                    == StreamStatus.ACTIVE);
  }

  static List<Shard> shards(KinesisClient kinesis, String stream) {
    List<Shard> shards = new ArrayList<>();
    ListShardsResponse page = kinesis.listShards(r -> r.streamName(stream));
    shards.addAll(page.shards());
    while (page.nextToken() != null) {
      String token = page.nextToken();
      page = kinesis.listShards(r -> r.nextToken(token));
      shards.addAll(page.shards());
    }
    return shards;
  }

  /** Splits a shard in the middle of its hash key range and waits for the stream to be ACTIVE. */
  static void splitInHalf(KinesisClient kinesis, String stream, Shard shard) {
    BigInteger start = new BigInteger(shard.hashKeyRange().startingHashKey());
    BigInteger end = new BigInteger(shard.hashKeyRange().endingHashKey());
    BigInteger middle = start.add(end).shiftRight(1).add(BigInteger.ONE);
    kinesis.splitShard(
        r ->
            r.streamName(stream)
                .shardToSplit(shard.shardId())
                .newStartingHashKey(middle.toString()));
    awaitActive(kinesis, stream);
  }
}
