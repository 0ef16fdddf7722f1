package io.kinesisonkafka.firehose;

import io.kinesisonkafka.adapter.server.protocol.OperationRegistry;
import io.kinesisonkafka.firehose.internals.api.DeliveryStreamOperations;
import io.kinesisonkafka.firehose.internals.api.RecordOperations;
import io.kinesisonkafka.firehose.internals.api.TagOperations;

/**
 * Serves a bridge's delivery streams on the Kinesis endpoint: registers every Firehose operation
 * under {@code Firehose_20150804.} in the server's registry ({@code KinesisServer.registry()}), so
 * Firehose clients pointed at the endpoint work unchanged. The server knows nothing of them.
 */
public final class FirehoseApi {
  public static final String TARGET_PREFIX = "Firehose_20150804";

  private FirehoseApi() {}

  public static void register(OperationRegistry registry, FirehoseBridge bridge) {
    registry.registerAll(TARGET_PREFIX, new DeliveryStreamOperations(bridge).operations());
    registry.registerAll(TARGET_PREFIX, new RecordOperations(bridge).operations());
    registry.registerAll(TARGET_PREFIX, new TagOperations(bridge).operations());
  }
}
