package io.kinesisonkafka.connect.internals;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceInUseException;
import software.amazon.awssdk.services.kinesis.model.StartingPosition;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEvent;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardEventStream;
import software.amazon.awssdk.services.kinesis.model.SubscribeToShardResponseHandler;

/**
 * Enhanced fan-out: the registered stream consumer, and one SubscribeToShard subscription per shard
 * whose events wait in a queue for the task's poll thread. Flow control: one event is requested at
 * a time, the next only once the poll thread took the previous one, so a slow Kafka side never
 * piles events up in memory.
 */
public final class FanOut {
  private FanOut() {}

  /** An async client over HTTP/2 (SubscribeToShard needs it). */
  public static KinesisAsyncClient asyncClient(KinesisAccess access) {
    var builder =
        KinesisAsyncClient.builder()
            .region(access.region())
            .credentialsProvider(access.credentialsProvider())
            .httpClientBuilder(
                NettyNioAsyncHttpClient.builder()
                    .protocol(Protocol.HTTP2)
                    .maxConcurrency(100)
                    .connectionTimeout(Duration.ofSeconds(10)))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder().retryStrategy(b -> b.maxAttempts(1)).build());
    if (access.endpoint() != null) {
      builder.endpointOverride(access.endpoint());
    }
    return builder.build();
  }

  /**
   * Registers the stream consumer {@code name} (or finds it registered) and waits until it is
   * ACTIVE; returns its ARN.
   */
  public static String register(KinesisClient kinesis, String stream, String name)
      throws InterruptedException {
    String streamArn =
        kinesis
            .describeStreamSummary(r -> r.streamName(stream))
            .streamDescriptionSummary()
            .streamARN();
    try {
      kinesis.registerStreamConsumer(r -> r.streamARN(streamArn).consumerName(name));
    } catch (ResourceInUseException e) {
      // registered already (by another task, or an earlier run): use it
    }
    for (int i = 0; i < 600; i++) {
      var d =
          kinesis
              .describeStreamConsumer(r -> r.streamARN(streamArn).consumerName(name))
              .consumerDescription();
      if (d.consumerStatus() == ConsumerStatus.ACTIVE) {
        return d.consumerARN();
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("stream consumer " + name + " of " + stream + " not ACTIVE");
  }

  /** One shard's subscription: its events, and how it ended. */
  public static final class ShardSubscription implements Subscriber<SubscribeToShardEventStream> {
    private final ConcurrentLinkedQueue<SubscribeToShardEvent> events =
        new ConcurrentLinkedQueue<>();
    private volatile Subscription subscription;
    private volatile CompletableFuture<Void> call;
    private volatile boolean requested;

    /** Subscribes from {@code position}. */
    public static ShardSubscription open(
        KinesisAsyncClient kinesis, String consumerArn, String shardId, StartingPosition position) {
      ShardSubscription s = new ShardSubscription();
      s.call =
          kinesis.subscribeToShard(
              r -> r.consumerARN(consumerArn).shardId(shardId).startingPosition(position),
              SubscribeToShardResponseHandler.builder()
                  .onEventStream(publisher -> publisher.subscribe(s))
                  .build());
      return s;
    }

    /** The next event, or null; takes it, and asks for the one after. */
    public SubscribeToShardEvent next() {
      SubscribeToShardEvent e = events.poll();
      if (e != null) {
        requestOne();
      }
      return e;
    }

    private void requestOne() {
      Subscription s = subscription;
      if (s != null) {
        requested = true;
        s.request(1);
      }
    }

    /** Whether the subscription ended and every event was taken. */
    public boolean ended() {
      return call != null && call.isDone() && events.isEmpty();
    }

    /** Why it ended, or null if it ended normally (the 5 minutes were up). */
    public Throwable failure() {
      try {
        call.get();
        return null;
      } catch (ExecutionException | CompletionException e) {
        return e.getCause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return e;
      }
    }

    /** Ends it early (the task stops or the shard ended). */
    public void cancel() {
      Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      if (call != null) {
        call.cancel(true);
      }
    }

    @Override
    public void onSubscribe(Subscription s) {
      subscription = s;
      requestOne();
    }

    @Override
    public void onNext(SubscribeToShardEventStream event) {
      if (event instanceof SubscribeToShardEvent e) {
        events.add(e);
      } else {
        requestOne();
      }
    }

    @Override
    public void onError(Throwable t) {
      // the call's future completes exceptionally too; failure() reports it
    }

    @Override
    public void onComplete() {
      // the call's future completes too
    }
  }
}
