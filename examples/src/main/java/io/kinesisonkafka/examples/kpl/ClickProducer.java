package io.kinesisonkafka.examples.kpl;

import io.kinesisonkafka.producer.KinesisProducer;
import io.kinesisonkafka.producer.KinesisProducerConfig;
import io.kinesisonkafka.producer.UserRecordResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

/**
 * A KPL program ported to producer-lib. Against AWS it read:
 *
 * <pre>{@code
 * import com.amazonaws.services.kinesis.producer.KinesisProducer;
 * import com.amazonaws.services.kinesis.producer.KinesisProducerConfiguration;
 * import com.amazonaws.services.kinesis.producer.UserRecordResult;
 * import com.google.common.util.concurrent.ListenableFuture;
 *
 * KinesisProducerConfiguration config =
 *     KinesisProducerConfiguration.fromProperties(kplProperties).setRegion("us-east-1");
 * KinesisProducer producer = new KinesisProducer(config);
 * ListenableFuture<UserRecordResult> f = producer.addUserRecord(stream, key, ByteBuffer.wrap(data));
 * }</pre>
 *
 * Ported, it writes straight to Kafka (no endpoint in between), with the same properties file
 * (RecordMaxBufferedTime, AggregationEnabled, RecordTtl, ...) plus the Kafka cluster, and the same
 * calls; the futures are {@code CompletableFuture}s. The records are KPL aggregates that the KCL,
 * consumer-lib and streams-lib expand.
 *
 * <p>{@code mvn -q -pl examples exec:java
 * -Dexec.mainClass=io.kinesisonkafka.examples.kpl.ClickProducer -Dexec.args="localhost:9092 clicks
 * 10000"} (the stream must exist: create it through the endpoint)
 */
public final class ClickProducer {
  private ClickProducer() {}

  /** The KPL properties the program had, and the one line the port adds. */
  public static Properties kplProperties(String bootstrapServers) {
    Properties p = new Properties();
    p.setProperty("AggregationEnabled", "true");
    p.setProperty("RecordMaxBufferedTime", "100");
    p.setProperty("RecordTtl", "30000");
    p.setProperty("kafka.bootstrap.servers", bootstrapServers); // the port's one addition
    return p;
  }

  /** Puts {@code count} clicks of 100 users; returns how many were acknowledged. */
  public static long run(KinesisProducerConfig config, String stream, int count) {
    try (KinesisProducer producer = new KinesisProducer(config)) {
      List<CompletableFuture<UserRecordResult>> futures = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        futures.add(
            producer.addUserRecord(
                stream,
                "user-" + (i % 100),
                ("{\"page\":\"/p/" + (i % 7) + "\",\"n\":" + i + "}")
                    .getBytes(StandardCharsets.UTF_8)));
      }
      producer.flushSync();
      return futures.stream()
          .map(CompletableFuture::join)
          .filter(UserRecordResult::isSuccessful)
          .count();
    }
  }

  public static void main(String[] args) {
    String bootstrap = args.length > 0 ? args[0] : "localhost:9092";
    String stream = args.length > 1 ? args[1] : "clicks";
    int count = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
    KinesisProducerConfig config = KinesisProducerConfig.fromProperties(kplProperties(bootstrap));
    long acked = run(config, stream, count);
    System.out.printf("%d of %d clicks acknowledged by Kafka%n", acked, count);
  }
}
