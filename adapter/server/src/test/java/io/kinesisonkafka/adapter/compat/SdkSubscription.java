package io.kinesisonkafka.adapter.compat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/** One SubscribeToShard call through the SDK's async client and what its visitor saw. */
final class SdkSubscription {
  final List<String> received = new CopyOnWriteArrayList<>();
  final CompletableFuture<Void> responded = new CompletableFuture<>();
  final AtomicReference<Throwable> error = new AtomicReference<>();
  CompletableFuture<Void> call;

  private SdkSubscription() {}

  static SdkSubscription start(
      KinesisAsyncClient client, String consumerArn, String shardId, ShardIteratorType from) {
    SdkSubscription s = new SdkSubscription();
    SubscribeToShardResponseHandler handler =
        SubscribeToShardResponseHandler.builder()
            .onResponse(r -> s.responded.complete(null))
            .onError(
                t -> {
                  s.error.set(t);
                  s.responded.completeExceptionally(t);
                })
            .subscriber(
                SubscribeToShardResponseHandler.Visitor.builder()
                    .onSubscribeToShardEvent(
                        (SubscribeToShardEvent e) -> {
                          for (Record r : e.records()) {
                            s.received.add(r.data().asUtf8String());
                          }
                        })
                    .build())
            .build();
    s.call =
        client.subscribeToShard(
            r -> r.consumerARN(consumerArn).shardId(shardId).startingPosition(p -> p.type(from)),
            handler);
    return s;
  }
}
