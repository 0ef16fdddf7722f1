package io.kinesisonkafka.adapter.compat;

import io.kinesisonkafka.adapter.compat.CompatClients.WireRecorder;
import io.kinesisonkafka.adapter.server.KinesisServer;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The async client as the KCL uses it: Netty, HTTP/2 with prior knowledge (h2c) on http, CBOR. */
class AsyncNettyIT extends KinesisCompatibilitySuite {
  @Override
  protected KinesisClient connect(KinesisServer server, WireRecorder recorder) {
    return new AsyncKinesisAsSync(CompatClients.asyncNetty(CompatClients.http(server), recorder));
  }

  @Override
  protected String expectedContentType() {
    return CompatClients.CBOR;
  }

  @Override
  protected boolean expectsHttp2() {
    return true;
  }
}
