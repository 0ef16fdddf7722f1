package io.kinesisonkafka.embedded.internals;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.kinesisonkafka.embedded.EmbeddedKafkaException;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

class TestcontainersKafkaTest {

  @Test
  void withoutDockerTheTestcontainersModeFailsSayingDockerIsNeeded() {
    assumeFalse(DockerClientFactory.instance().isDockerAvailable(), "Docker is available here");
    assertThatThrownBy(() -> TestcontainersKafka.start(SharedKafkaSwitch.DEFAULT_IMAGE))
        .isInstanceOf(EmbeddedKafkaException.class)
        .hasMessageContaining("needs Docker")
        .hasMessageContaining("kafka.test.mode=embedded");
  }
}
