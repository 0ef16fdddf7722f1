package io.kinesisonkafka.examples.sdk;

import io.kinesisonkafka.examples.Endpoint;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;

/**
 * A producer written for AWS: creates the stream if it is missing, then puts orders with PutRecords
 * in batches of 100, putting again the entries a batch reports as failed (throttled), as AWS's
 * documentation tells PutRecords callers to. Only the endpoint differs from AWS.
 *
 * <p>{@code mvn -q -pl examples exec:java
 * -Dexec.mainClass=io.kinesisonkafka.examples.sdk.OrdersProducer -Dexec.args="http://localhost:4567
 * orders 1000"}
 */
public final class OrdersProducer {
  private OrdersProducer() {}

  /**
   * Puts {@code count} orders ({@code order-<i>} of customer {@code customer-<i % 50>}).
   *
   * @return how many PutRecords calls it took
   */
  public static int run(KinesisClient kinesis, String stream, int count)
      throws InterruptedException {
    ensureStream(kinesis, stream, 2);
    int calls = 0;
    List<PutRecordsRequestEntry> pending = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      pending.add(
          PutRecordsRequestEntry.builder()
              .partitionKey("customer-" + (i % 50))
              .data(SdkBytes.fromString("order-" + i, StandardCharsets.UTF_8))
              .build());
      if (pending.size() == 100 || i == count - 1) {
        while (!pending.isEmpty()) {
          List<PutRecordsRequestEntry> batch = pending;
          PutRecordsResponse response =
              kinesis.putRecords(r -> r.streamName(stream).records(batch));
          calls++;
          pending = new ArrayList<>();
          List<PutRecordsResultEntry> results = response.records();
          for (int j = 0; j < results.size(); j++) {
            if (results.get(j).errorCode() != null) {
              pending.add(batch.get(j));
            }
          }
          if (!pending.isEmpty()) {
            Thread.sleep(100);
          }
        }
      }
    }
    return calls;
  }

  static void ensureStream(KinesisClient kinesis, String stream, int shards) {
    try {
      kinesis.describeStreamSummary(r -> r.streamName(stream));
    } catch (ResourceNotFoundException e) {
      kinesis.createStream(r -> r.streamName(stream).shardCount(shards));
    }
    kinesis.waiter().waitUntilStreamExists(r -> r.streamName(stream));
  }

  public static void main(String[] args) throws InterruptedException {
    URI endpoint = URI.create(args.length > 0 ? args[0] : "http://localhost:4567");
    String stream = args.length > 1 ? args[1] : "orders";
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    try (KinesisClient kinesis = Endpoint.kinesis(endpoint)) {
      int calls = run(kinesis, stream, count);
      System.out.printf("put %d orders into %s in %d PutRecords calls%n", count, stream, calls);
    }
  }
}
