package io.kinesisonkafka.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.retrieval.RetrievalConfig;

/**
 * The KCL with its default retrieval, enhanced fan-out: RegisterStreamConsumer,
 * DescribeStreamConsumer until ACTIVE, then SubscribeToShard over HTTP/2. Over TLS, as against AWS:
 * the SDK sends no ALPN and starts HTTP/2 straight after the handshake.
 */
class KclFanOutIT extends KclScenario {
  @Override
  String mode() {
    return "fanout";
  }

  @Override
  URI kclEndpoint(KinesisEndpoint server) {
    return server.https();
  }

  @Override
  RetrievalConfig retrieval(ConfigsBuilder configs) {
    return configs.retrievalConfig();
  }

  @Override
  void assertReadThisWay(KinesisEndpoint server) {
    assertThat(server.requests("RegisterStreamConsumer")).isPositive();
    assertThat(server.requests("SubscribeToShard")).isPositive();
    assertThat(server.requests("GetRecords")).isZero();
  }
}
