package io.kinesisonkafka.adapter.server.testkit;

import io.kinesisonkafka.adapter.testkit.TestEngines;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** Streams created through the AWS SDK and waited ACTIVE, as an application does it. */
public final class SdkStreams {
  private SdkStreams() {}

  /** CreateStream, then DescribeStreamSummary until ACTIVE. */
  public static StreamDescriptionSummary createActive(
      KinesisClient kinesis, String stream, int shards) {
    kinesis.createStream(r -> r.streamName(stream).shardCount(shards));
    return awaitActive(kinesis, stream);
  }

  /** DescribeStreamSummary until ACTIVE; returns the summary that showed it. */
  public static StreamDescriptionSummary awaitActive(KinesisClient kinesis, String stream) {
    AtomicReference<StreamDescriptionSummary> last = new AtomicReference<>();
    untilActive()
        .until(
            () -> {
              last.set(
                  kinesis
                      .describeStreamSummary(r -> r.streamName(stream))
                      .streamDescriptionSummary());
              return last.get().streamStatus() == StreamStatus.ACTIVE;
            });
    return last.get();
  }

  /** CreateStream, then DescribeStreamSummary until ACTIVE, with the async client. */
  public static StreamDescriptionSummary createActive(
      KinesisAsyncClient kinesis, String stream, int shards) {
    kinesis.createStream(r -> r.streamName(stream).shardCount(shards)).join();
    return awaitActive(kinesis, stream);
  }

  /** DescribeStreamSummary until ACTIVE, with the async client. */
  public static StreamDescriptionSummary awaitActive(KinesisAsyncClient kinesis, String stream) {
    AtomicReference<StreamDescriptionSummary> last = new AtomicReference<>();
    untilActive()
        .until(
            () -> {
              last.set(
                  kinesis
                      .describeStreamSummary(r -> r.streamName(stream))
                      .join()
                      .streamDescriptionSummary());
              return last.get().streamStatus() == StreamStatus.ACTIVE;
            });
    return last.get();
  }

  private static ConditionFactory untilActive() {
    return Awaitility.await()
        .atMost(TestEngines.ACTIVE_TIMEOUT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100));
  }
}
