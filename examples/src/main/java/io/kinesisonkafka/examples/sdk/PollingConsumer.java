package io.kinesisonkafka.examples.sdk;

import io.kinesisonkafka.examples.Endpoint;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * A GetRecords loop written for AWS: lists the shards, takes a TRIM_HORIZON iterator for each and
 * polls them round-robin, following NextShardIterator, as a hand-written Kinesis consumer does.
 *
 * <p>{@code mvn -q -pl examples exec:java
 * -Dexec.mainClass=io.kinesisonkafka.examples.sdk.PollingConsumer
 * -Dexec.args="http://localhost:4567 orders 1000"}
 */
public final class PollingConsumer {
  private PollingConsumer() {}

  /** Reads until {@code expected} records arrived or {@code timeout} passed; returns their data. */
  public static List<String> run(
      KinesisClient kinesis, String stream, int expected, Duration timeout)
      throws InterruptedException {
    Map<String, String> iterators = new HashMap<>();
    for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
      iterators.put(
          shard.shardId(),
          kinesis
              .getShardIterator(
                  r ->
                      r.streamName(stream)
                          .shardId(shard.shardId())
                          .shardIteratorType(ShardIteratorType.TRIM_HORIZON))
              .shardIterator());
    }
    List<String> seen = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (seen.size() < expected && System.nanoTime() < deadline && !iterators.isEmpty()) {
      for (Map.Entry<String, String> shard : List.copyOf(iterators.entrySet())) {
        GetRecordsResponse got =
            kinesis.getRecords(r -> r.shardIterator(shard.getValue()).limit(1000));
        for (Record record : got.records()) {
          seen.add(record.data().asString(StandardCharsets.UTF_8));
        }
        if (got.nextShardIterator() == null) {
          iterators.remove(shard.getKey()); // a closed shard, read to its end
        } else {
          iterators.put(shard.getKey(), got.nextShardIterator());
        }
      }
      Thread.sleep(200); // Kinesis allows 5 GetRecords calls per second and shard
    }
    return seen;
  }

  public static void main(String[] args) throws InterruptedException {
    URI endpoint = URI.create(args.length > 0 ? args[0] : "http://localhost:4567");
    String stream = args.length > 1 ? args[1] : "orders";
    int expected = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    try (KinesisClient kinesis = Endpoint.kinesis(endpoint)) {
      List<String> seen = run(kinesis, stream, expected, Duration.ofMinutes(1));
      System.out.printf("read %d records from %s%n", seen.size(), stream);
    }
  }
}
