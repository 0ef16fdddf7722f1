package io.kinesisonkafka.bench.consumer;

import io.kinesisonkafka.consumer.InitialPosition;
import io.kinesisonkafka.consumer.Scheduler;
import io.kinesisonkafka.consumer.SchedulerConfig;
import java.time.Duration;

/**
 * The worker {@code ./bench consumer} kills with SIGKILL, in a JVM of its own: prints {@code I
 * <shardId>} when it starts a shard and {@code R <shardId>} for its first record of each batch.
 */
public final class VictimMain {
  private VictimMain() {}

  /** Args: bootstrap servers, stream, application, failover millis. */
  public static void main(String[] args) throws Exception {
    SchedulerConfig config =
        SchedulerConfig.custom().applicationName(args[2]).stream(args[1])
            .bootstrapServers(args[0])
            .initialPosition(InitialPosition.TRIM_HORIZON)
            .idleTimeBetweenReads(Duration.ofMillis(50))
            .failoverTime(Duration.ofMillis(Long.parseLong(args[3])))
            .workerId("victim")
            .build();
    Scheduler scheduler = Scheduler.start(config, Failover.processor(System.out::println));
    Thread.sleep(Long.MAX_VALUE);
    scheduler.close();
  }
}
