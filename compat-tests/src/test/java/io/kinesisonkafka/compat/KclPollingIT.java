package io.kinesisonkafka.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.retrieval.RetrievalConfig;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * The KCL with polling retrieval (GetShardIterator and GetRecords), over h2c on the plain port: the
 * KCL's Kinesis client speaks HTTP/2 with prior knowledge to an {@code http://} endpoint.
 */
class KclPollingIT extends KclScenario {
  @Override
  String mode() {
    return "polling";
  }

  @Override
  URI kclEndpoint(KinesisEndpoint server) {
    return server.http();
  }

  @Override
  RetrievalConfig retrieval(ConfigsBuilder configs) {
    return configs
        .retrievalConfig()
        .retrievalSpecificConfig(
            new PollingConfig(configs.kinesisClient()).idleTimeBetweenReadsInMillis(250));
  }

  @Override
  void assertReadThisWay(KinesisEndpoint server) {
    assertThat(server.requests("GetRecords")).isPositive();
    assertThat(server.requests("SubscribeToShard")).isZero();
  }
}
