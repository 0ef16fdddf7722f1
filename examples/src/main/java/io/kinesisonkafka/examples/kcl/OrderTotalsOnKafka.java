package io.kinesisonkafka.examples.kcl;

import io.kinesisonkafka.consumer.InitialPosition;
import io.kinesisonkafka.consumer.Scheduler;
import io.kinesisonkafka.consumer.SchedulerConfig;
import io.kinesisonkafka.consumer.kcl.KclProcessors;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link OrderTotals}, unchanged, on consumer-lib: leases are a Kafka consumer group's assignments,
 * checkpoints its committed offsets, and no DynamoDB table or Kinesis endpoint is involved.
 *
 * <p>{@code mvn -q -pl examples exec:java
 * -Dexec.mainClass=io.kinesisonkafka.examples.kcl.OrderTotalsOnKafka -Dexec.args="<Kafka address>
 * orders"}
 */
public final class OrderTotalsOnKafka {
  private OrderTotalsOnKafka() {}

  /** A scheduler running OrderTotals for {@code stream} as application {@code application}. */
  public static Scheduler start(SchedulerConfig.Builder config, Map<String, String> orders) {
    return Scheduler.start(config.build(), KclProcessors.adapt(OrderTotals.factory(orders)));
  }

  public static void main(String[] args) throws InterruptedException {
    String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
    String stream = args.length > 1 ? args[1] : "orders";
    Map<String, String> orders = new ConcurrentHashMap<>();
    try (Scheduler scheduler =
        start(
            SchedulerConfig.custom().applicationName("order-totals").stream(stream)
                .bootstrapServers(bootstrap)
                .initialPosition(InitialPosition.TRIM_HORIZON),
            orders)) {
      while (true) {
        Thread.sleep(5_000);
        System.out.printf("%d orders so far%n", orders.size());
      }
    }
  }
}
