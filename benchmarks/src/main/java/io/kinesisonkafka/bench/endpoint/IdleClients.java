package io.kinesisonkafka.bench.endpoint;

import io.kinesisonkafka.bench.SdkClients;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * The heap check's clients, in a JVM of their own so that their heap is not counted as the server's
 * (the SDK gives every subscription a 2 MiB event-stream decoding buffer). Takes the iterators and
 * opens the subscriptions, prints {@code READY}, holds them until its standard input ends, then
 * prints {@code EVENTS <n>} (the heartbeat events received) or {@code FAILED <error>}.
 *
 * <p>Arguments: endpoint, stream, iterators, then pairs of consumer ARN and shard id, one pair per
 * subscription.
 */
public final class IdleClients {
  private IdleClients() {}

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args[0]);
    String stream = args[1];
    int iterators = Integer.parseInt(args[2]);
    List<String[]> pairs = new ArrayList<>();
    for (int i = 3; i + 1 < args.length; i += 2) {
      pairs.add(new String[] {args[i], args[i + 1]});
    }
    AtomicLong events = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<String> held = new ArrayList<>(iterators);
    try (KinesisClient sync = SdkClients.sync(endpoint, 4);
        KinesisAsyncClient async = SdkClients.async(endpoint, pairs.size() + 16)) {
      for (int i = 0; i < iterators; i++) {
        String shardId = pairs.get(i % pairs.size())[1];
        held.add(SdkClients.trimHorizon(sync, stream, shardId));
      }
      List<CompletableFuture<Void>> responses = new ArrayList<>();
      for (String[] pair : pairs) {
        responses.add(subscribe(async, pair[0], pair[1], events, failure));
      }
      CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
      System.out.println("READY " + held.size() + " " + responses.size());
      System.out.flush();
      long atReady = events.get();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // hold until the parent closes our standard input
      }
      System.out.println(
          failure.get() == null ? "EVENTS " + (events.get() - atReady) : "FAILED " + failure.get());
      System.out.flush();
    } catch (Exception e) {
      System.out.println("FAILED " + e);
      System.out.flush();
    }
    System.exit(0);
  }

  private static CompletableFuture<Void> subscribe(
      KinesisAsyncClient async,
      String consumerArn,
      String shardId,
      AtomicLong events,
      AtomicReference<Throwable> failure) {
    CompletableFuture<Void> responded = new CompletableFuture<>();
    SubscribeToShardResponseHandler handler =
        SubscribeToShardResponseHandler.builder()
            .onResponse(r -> responded.complete(null))
            .onError(
                t -> {
                  failure.compareAndSet(null, t);
                  responded.completeExceptionally(t);
                })
            .subscriber(
                SubscribeToShardResponseHandler.Visitor.builder()
                    .onSubscribeToShardEvent(e -> events.incrementAndGet())
                    .build())
            .build();
    async.subscribeToShard(
        r ->
            r.consumerARN(consumerArn)
                .shardId(shardId)
                .startingPosition(p -> p.type(ShardIteratorType.LATEST)),
        handler);
    return responded;
  }
}
