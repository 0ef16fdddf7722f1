package io.kinesisonkafka.adapter.compat;

import io.kinesisonkafka.adapter.compat.CompatClients.WireRecorder;
import io.kinesisonkafka.adapter.server.KinesisServer;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The sync client with CBOR switched off ({@code aws.cborEnabled=false}): AWS JSON 1.1, so
 * timestamps travel as decimal epoch seconds and blobs as base64. The SDK reads the property per
 * client, when it is built; the suite's content-type test proves JSON went on the wire.
 */
class SyncJsonIT extends KinesisCompatibilitySuite {
  @Override
  protected KinesisClient connect(KinesisServer server, WireRecorder recorder) {
    return CompatClients.withCborDisabled(
        () -> CompatClients.syncApache(CompatClients.http(server), recorder));
  }

  @Override
  protected String expectedContentType() {
    return CompatClients.JSON;
  }

  @Override
  protected boolean expectsHttp2() {
    return false;
  }
}
