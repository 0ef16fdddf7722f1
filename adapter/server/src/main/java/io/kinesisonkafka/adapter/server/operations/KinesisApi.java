package io.kinesisonkafka.adapter.server.operations;

import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.server.protocol.OperationRegistry;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** Registers every Kinesis Data Streams operation under {@code Kinesis_20131202.}. */
public final class KinesisApi {
  public static final String TARGET_PREFIX = "Kinesis_20131202";

  private KinesisApi() {}

  public static void register(
      OperationRegistry registry,
      KinesisEngine engine,
      Executor workers,
      ScheduledExecutorService subscriptionTimer,
      Duration subscriptionLifetime,
      Duration subscriptionHeartbeat) {
    registry.registerAll(TARGET_PREFIX, new StreamOperations(engine).operations());
    registry.registerAll(TARGET_PREFIX, new ShardOperations(engine).operations());
    registry.registerAll(TARGET_PREFIX, new RecordOperations(engine, workers).operations());
    registry.registerAll(TARGET_PREFIX, new TagOperations(engine).operations());
    registry.registerAll(TARGET_PREFIX, new ConsumerOperations(engine).operations());
    registry.register(
        TARGET_PREFIX + ".SubscribeToShard",
        new SubscribeToShardOperation(
            engine, subscriptionTimer, subscriptionLifetime, subscriptionHeartbeat));
  }
}
