package io.kinesisonkafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterTest {

  @Test
  void aClusterNeedsAtLeastOneNodeAndAUsableHeap() {
    assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().nodes(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().heapMb(64))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmbeddedKafkaCluster.builder().startTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClusterThatWasNotStartedHasNoAddressAndNoNodesToStop() {
    try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().nodes(3).build()) {
      assertThat(cluster.size()).isEqualTo(3);
      assertThat(cluster.nodeIds()).containsExactly(1, 2, 3);
      assertThatThrownBy(cluster::bootstrapServers).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> cluster.stopNode(1)).isInstanceOf(IllegalStateException.class);
      assertThat(cluster.isNodeRunning(1)).isFalse();
    }
  }

  @Test
  void aClosedClusterCannotBeStarted() {
    EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.builder().build();
    cluster.close();
    cluster.close();
    assertThatThrownBy(cluster::start).isInstanceOf(IllegalStateException.class);
  }
}
