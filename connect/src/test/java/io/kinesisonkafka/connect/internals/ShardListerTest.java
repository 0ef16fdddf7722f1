package io.kinesisonkafka.connect.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.HashKeyRange;
import software.amazon.awssdk.services.kinesis.model.ListShardsRequest;
import software.amazon.awssdk.services.kinesis.model.ListShardsResponse;
import software.amazon.awssdk.services.kinesis.model.ListStreamsRequest;
import software.amazon.awssdk.services.kinesis.model.ListStreamsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.SequenceNumberRange;
import software.amazon.awssdk.services.kinesis.model.Shard;

/**
 * A source's discovery while streams come and go: ListStreams names streams in every state, and
 * ListShards answers ResourceInUseException for one being created and ResourceNotFoundException for
 * one deleted since (as AWS and this project's server do). Neither may fail the connector.
 */
class ShardListerTest {
  private static final Pattern APP = Pattern.compile("app-.*");

  /** A Kinesis that lists {@code streams} and answers ListShards from {@code listing}. */
  private static KinesisClient kinesis(List<String> streams, Map<String, Object> listing) {
    return new KinesisClient() {
      @Override
      public ListStreamsResponse listStreams(ListStreamsRequest request) {
        return ListStreamsResponse.builder().streamNames(streams).hasMoreStreams(false).build();
      }

      @Override
      public ListShardsResponse listShards(ListShardsRequest request) {
        Object answer = listing.get(request.streamName());
        if (answer instanceof RuntimeException e) {
          throw e;
        }
        return ListShardsResponse.builder().shards((Shard) answer).build();
      }

      @Override
      public String serviceName() {
        return "kinesis";
      }

      @Override
      public void close() {}
    };
  }

  private static Shard shard(String id) {
    return Shard.builder()
        .shardId(id)
        .hashKeyRange(
            HashKeyRange.builder()
                .startingHashKey("0")
                .endingHashKey(BigInteger.TWO.pow(128).subtract(BigInteger.ONE).toString())
                .build())
        .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("1").build())
        .build();
  }

  private static ResourceInUseException creating(String stream) {
    return ResourceInUseException.builder()
        .message("Stream " + stream + " is still being created")
        .build();
  }

  private static ResourceNotFoundException gone(String stream) {
    return ResourceNotFoundException.builder().message("Stream " + stream + " not found").build();
  }

  @Test
  void aMatchingStreamBeingCreatedIsLeftForALaterRound() {
    KinesisClient k =
        kinesis(
            List.of("app-a", "app-new", "other"),
            Map.of("app-a", shard("shardId-000000000000"), "app-new", creating("app-new")));

    List<ShardInfo> shards = new ShardLister(k).shards(List.of(), APP, List.of());

    assertThat(shards).extracting(ShardInfo::key).containsExactly("app-a/shardId-000000000000");
  }

  @Test
  void aStreamKnownBeforeKeepsItsShardsWhileItCannotBeListed() {
    ShardInfo known =
        new ShardInfo(
            "app-b", "shardId-000000000001", null, null, BigInteger.ZERO, BigInteger.ONE, false);
    KinesisClient k =
        kinesis(
            List.of("app-a", "app-b"),
            Map.of("app-a", shard("shardId-000000000000"), "app-b", creating("app-b")));

    List<ShardInfo> shards = new ShardLister(k).shards(List.of(), APP, List.of(known));

    assertThat(shards)
        .extracting(ShardInfo::key)
        .containsExactly("app-a/shardId-000000000000", "app-b/shardId-000000000001");
  }

  @Test
  void aMatchingStreamDeletedSinceListStreamsIsLeftOut() {
    KinesisClient k =
        kinesis(
            List.of("app-a", "app-old"),
            Map.of("app-a", shard("shardId-000000000000"), "app-old", gone("app-old")));

    List<ShardInfo> shards = new ShardLister(k).shards(List.of(), APP, List.of());

    assertThat(shards).extracting(ShardInfo::key).containsExactly("app-a/shardId-000000000000");
  }

  @Test
  void aNamedStreamThatDoesNotExistIsAnError() {
    KinesisClient k = kinesis(List.of(), Map.of("orders", gone("orders")));

    assertThatThrownBy(() -> new ShardLister(k).shards(List.of("orders"), null, List.of()))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void aNamedStreamBeingCreatedIsLeftForALaterRound() {
    KinesisClient k = kinesis(List.of(), Map.of("orders", creating("orders")));

    assertThat(new ShardLister(k).shards(List.of("orders"), null, List.of())).isEmpty();
  }
}
