package io.kinesisonkafka.bench.endpoint;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.ConsumerStatus;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Stream and consumer administration through the SDK, waiting as a user's code waits. */
final class Streams {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(50);

  private final KinesisClient kinesis;

  Streams(KinesisClient kinesis) {
    this.kinesis = kinesis;
  }

  /** Creates a provisioned stream and waits until it is ACTIVE; returns its shard ids. */
  List<String> create(String name, int shards) throws InterruptedException {
    kinesis.createStream(r -> r.streamName(name).shardCount(shards));
    await(
        "stream " + name + " ACTIVE",
        () ->
            kinesis
                    .describeStreamSummary(r -> r.streamName(name))
                    .streamDescriptionSummary()
                    .streamStatus()
                == StreamStatus.ACTIVE);
    return kinesis.listShards(r -> r.streamName(name)).shards().stream()
        .map(Shard::shardId)
        .toList();
  }

  String arn(String name) {
    return kinesis
        .describeStreamSummary(r -> r.streamName(name))
        .streamDescriptionSummary()
        .streamARN();
  }

  /** Registers an enhanced fan-out consumer and waits until it is ACTIVE; returns its ARN. */
  String registerConsumer(String streamArn, String consumerName) throws InterruptedException {
    String consumerArn =
        kinesis
            .registerStreamConsumer(r -> r.streamARN(streamArn).consumerName(consumerName))
            .consumer()
            .consumerARN();
    await(
        "consumer " + consumerName + " ACTIVE",
        () ->
            kinesis
                    .describeStreamConsumer(r -> r.consumerARN(consumerArn))
                    .consumerDescription()
                    .consumerStatus()
                == ConsumerStatus.ACTIVE);
    return consumerArn;
  }

  /** Deletes a stream (and its consumers) and waits until it is gone. */
  void delete(String name) throws InterruptedException {
    kinesis.deleteStream(r -> r.streamName(name).enforceConsumerDeletion(true));
    await(
        "stream " + name + " deleted",
        () -> {
          try {
            kinesis.describeStreamSummary(r -> r.streamName(name));
            return false;
          } catch (ResourceNotFoundException e) {
            return true;
          }
        });
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(what + ": not after " + READY_TIMEOUT);
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
