package io.kinesisonkafka.compat;

import io.kinesisonkafka.adapter.server.testkit.SdkStreams;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;

/** Stream set-up through the SDK, waiting as an application would for ACTIVE. */
final class Streams {
  private Streams() {}

  static void createActive(KinesisClient kinesis, String stream, int shards) {
    SdkStreams.createActive(kinesis, stream, shards);
  }

  static void awaitActive(KinesisClient kinesis, String stream) {
    SdkStreams.awaitActive(kinesis, stream);
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
