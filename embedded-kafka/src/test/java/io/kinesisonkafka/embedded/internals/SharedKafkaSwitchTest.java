package io.kinesisonkafka.embedded.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.embedded.internals.SharedKafkaSwitch.Choice;
import io.kinesisonkafka.embedded.internals.SharedKafkaSwitch.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SharedKafkaSwitchTest {

  private static Choice resolve(Map<String, String> properties, Map<String, String> env) {
    return SharedKafkaSwitch.resolve(properties::get, env::get);
  }

  @Test
  void withNothingSetAnEmbeddedClusterIsStarted() {
    Choice choice = resolve(Map.of(), Map.of());
    assertThat(choice.existingBootstrap()).isEmpty();
    assertThat(choice.mode()).isEqualTo(Mode.EMBEDDED);
    assertThat(choice.image()).isEqualTo(SharedKafkaSwitch.DEFAULT_IMAGE);
  }

  @Test
  void anExistingClusterIsTakenFromTheSystemPropertyBeforeTheEnvironment() {
    assertThat(
            resolve(
                    Map.of("kafka.bootstrap.servers", "a:9092"),
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", "b:9092"))
                .existingBootstrap())
        .contains("a:9092");
    assertThat(resolve(Map.of(), Map.of("KAFKA_BOOTSTRAP_SERVERS", " b:9092 ")).existingBootstrap())
        .contains("b:9092");
  }

  @Test
  void testcontainersModeIsChosenByPropertyOrEnvironmentInAnyCase() {
    assertThat(resolve(Map.of("kafka.test.mode", "Testcontainers"), Map.of()).mode())
        .isEqualTo(Mode.TESTCONTAINERS);
    assertThat(resolve(Map.of(), Map.of("KAFKA_TEST_MODE", "testcontainers")).mode())
        .isEqualTo(Mode.TESTCONTAINERS);
    assertThat(
            resolve(
                    Map.of("kafka.test.mode", "embedded"),
                    Map.of("KAFKA_TEST_MODE", "testcontainers"))
                .mode())
        .isEqualTo(Mode.EMBEDDED);
  }

  @Test
  void blankValuesCountAsUnset() {
    Choice choice =
        resolve(
            Map.of("kafka.test.mode", " ", "kafka.bootstrap.servers", ""),
            Map.of("KAFKA_TEST_MODE", ""));
    assertThat(choice.mode()).isEqualTo(Mode.EMBEDDED);
    assertThat(choice.existingBootstrap()).isEmpty();
  }

  @Test
  void anUnknownModeIsRejectedNamingTheAllowedOnes() {
    assertThatThrownBy(() -> resolve(Map.of("kafka.test.mode", "docker"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("embedded or testcontainers")
        .hasMessageContaining("docker");
  }
}
