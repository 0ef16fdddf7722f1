package io.kinesisonkafka.examples.sdk;

import io.kinesisonkafka.examples.Endpoint;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Enhanced fan-out written for AWS: registers a stream consumer, waits until it is ACTIVE, and
 * subscribes to every shard from TRIM_HORIZON over HTTP/2 (SubscribeToShard), receiving records as
 * the server pushes them.
 *
 * <p>{@code mvn -q -pl examples exec:java
 * -Dexec.mainClass=io.kinesisonkafka.examples.sdk.FanOutConsumer -Dexec.args="http://localhost:4567
 * orders 1000"}
 */
public final class FanOutConsumer {
  private FanOutConsumer() {}

  /** Receives until {@code expected} records arrived or {@code timeout} passed; their data. */
  public static List<String> run(
      KinesisAsyncClient kinesis,
      String stream,
      String consumerName,
      int expected,
      Duration timeout)
      throws Exception {
    String streamArn =
        kinesis
            .describeStreamSummary(r -> r.streamName(stream))
            .get()
            .streamDescriptionSummary()
            .streamARN();
    String consumerArn =
        kinesis
            .registerStreamConsumer(r -> r.streamARN(streamArn).consumerName(consumerName))
            .get()
            .consumer()
            .consumerARN();
    while (kinesis
            .describeStreamConsumer(r -> r.consumerARN(consumerArn))
            .get()
            .consumerDescription()
            .consumerStatus()
        != ConsumerStatus.ACTIVE) {
      Thread.sleep(200);
    }
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    CompletableFuture<Void> enough = new CompletableFuture<>();
    List<CompletableFuture<Void>> subscriptions = new ArrayList<>();
    for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).get().shards()) {
      SubscribeToShardResponseHandler handler =
          SubscribeToShardResponseHandler.builder()
              .subscriber(
                  SubscribeToShardResponseHandler.Visitor.builder()
                      .onSubscribeToShardEvent(
                          (SubscribeToShardEvent event) -> {
                            event
                                .records()
                                .forEach(r -> seen.add(r.data().asString(StandardCharsets.UTF_8)));
                            if (seen.size() >= expected) {
                              enough.complete(null);
                            }
                          })
                      .build())
              .build();
      subscriptions.add(
          kinesis.subscribeToShard(
              r ->
                  r.consumerARN(consumerArn)
                      .shardId(shard.shardId())
                      .startingPosition(p -> p.type(ShardIteratorType.TRIM_HORIZON)),
              handler));
    }
    try {
      enough.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      // return what arrived
    }
    subscriptions.forEach(s -> s.cancel(true));
    kinesis.deregisterStreamConsumer(r -> r.consumerARN(consumerArn)).get();
    return List.copyOf(seen);
  }

  public static void main(String[] args) throws Exception {
    URI endpoint = URI.create(args.length > 0 ? args[0] : "http://localhost:4567");
    String stream = args.length > 1 ? args[1] : "orders";
    int expected = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    try (KinesisAsyncClient kinesis = Endpoint.kinesisAsync(endpoint)) {
      List<String> seen = run(kinesis, stream, "fan-out-example", expected, Duration.ofMinutes(1));
      System.out.printf("received %d records from %s over SubscribeToShard%n", seen.size(), stream);
    }
  }
}
