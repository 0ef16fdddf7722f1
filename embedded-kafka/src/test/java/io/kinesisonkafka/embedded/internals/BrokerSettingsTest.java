package io.kinesisonkafka.embedded.internals;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

  @Test
  void aSingleNodeReplicatesOnceAndThreeNodesReplicateThriceWithTwoInSync() {
    assertThat(BrokerSettings.forClusterOf(1))
        .containsEntry("default.replication.factor", "1")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("min.insync.replicas", "1")
        .containsEntry("transaction.state.log.min.isr", "1");
    assertThat(BrokerSettings.forClusterOf(3))
        .containsEntry("default.replication.factor", "3")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("share.coordinator.state.topic.replication.factor", "3")
        .containsEntry("min.insync.replicas", "2")
        .containsEntry("transaction.state.log.min.isr", "2");
    assertThat(BrokerSettings.forClusterOf(5)).containsEntry("default.replication.factor", "3");
  }

  @Test
  void brokersAcceptRecordsOfElevenMebibytesAndCreateNoTopicsByThemselves() {
    assertThat(BrokerSettings.forClusterOf(1))
        .containsEntry("message.max.bytes", "11534336")
        .containsEntry("replica.fetch.max.bytes", "11534336")
        .containsEntry("auto.create.topics.enable", "false")
        .containsEntry("group.initial.rebalance.delay.ms", "0");
  }

  @Test
  void brokerPropertiesMapToTheEnvironmentVariablesOfTheApacheKafkaImage() {
    assertThat(TestcontainersKafka.envName("message.max.bytes"))
        .isEqualTo("KAFKA_MESSAGE_MAX_BYTES");
    assertThat(TestcontainersKafka.envName("a_b-c.d")).isEqualTo("KAFKA_A__B___C_D");
  }
}
