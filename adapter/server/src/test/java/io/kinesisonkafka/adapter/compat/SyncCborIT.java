package io.kinesisonkafka.adapter.compat;

import io.kinesisonkafka.adapter.compat.CompatClients.WireRecorder;
import io.kinesisonkafka.adapter.server.KinesisServer;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The sync client with its defaults: Apache HTTP/1.1 on http, CBOR. */
class SyncCborIT extends KinesisCompatibilitySuite {
  @Override
  protected KinesisClient connect(KinesisServer server, WireRecorder recorder) {
    return CompatClients.syncApache(CompatClients.http(server), recorder);
  }

  @Override
  protected String expectedContentType() {
    return CompatClients.CBOR;
  }

  @Override
  protected boolean expectsHttp2() {
    return false;
  }
}
