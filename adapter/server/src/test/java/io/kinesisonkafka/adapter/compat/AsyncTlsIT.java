package io.kinesisonkafka.adapter.compat;

import io.kinesisonkafka.adapter.compat.CompatClients.WireRecorder;
import io.kinesisonkafka.adapter.server.KinesisServer;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The async client over https on the TLS port, trusting the self-signed certificate, with the
 * default {@code ProtocolNegotiation.ASSUME_PROTOCOL}: TLS without ALPN, then straight into HTTP/2.
 */
class AsyncTlsIT extends KinesisCompatibilitySuite {
  @Override
  protected KinesisClient connect(KinesisServer server, WireRecorder recorder) {
    return new AsyncKinesisAsSync(CompatClients.asyncNetty(CompatClients.https(server), recorder));
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
