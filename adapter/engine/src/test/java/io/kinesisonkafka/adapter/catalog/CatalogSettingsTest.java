package io.kinesisonkafka.adapter.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.EngineConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogSettingsTest {

  @Test
  void defaultsAreThoseOfTheServers() {
    CatalogSettings settings = CatalogSettings.ofDefaults();
    assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(settings.topicPrefix()).isEqualTo("kinesis.");
    assertThat(settings.catalogTopic()).isEqualTo("__kinesis_catalog");
    assertThat(settings.catalogFreshness()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.fastAckBound()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.streamArn("orders"))
        .isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/orders");
  }

  @Test
  void reportsEveryInvalidSettingAtOnceNamingIt() {
    assertThatThrownBy(
            () ->
                CatalogSettings.custom()
                    .catalogFreshness(Duration.ofMillis(-5))
                    .accountId("12")
                    .catalogTopic(" ")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrap.servers must be set")
        .hasMessageContaining("catalogFreshness must be > 0, but was PT-0.005S")
        .hasMessageContaining("accountId must be 12 digits, but was 12")
        .hasMessageContaining("catalogTopic must not be blank");
  }

  @Test
  void refusesANullKafkaPropertyAndAReplicationFactorKafkaCannotTake() {
    assertThatThrownBy(
            () ->
                CatalogSettings.custom()
                    .bootstrapServers("broker:9092")
                    .kafkaProperty("security.protocol", null)
                    .replicationFactor(65_537)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Kafka property security.protocol must not be null")
        .hasMessageContaining("replicationFactor must be -1 or 1 to 32767, but was 65537");
    assertThat(
            CatalogSettings.custom()
                .bootstrapServers("broker:9092")
                .replicationFactor(3)
                .build()
                .replicationFactor())
        .isEqualTo((short) 3);
  }

  @Test
  void fromCopiesEverySetting() {
    CatalogSettings base =
        CatalogSettings.custom()
            .bootstrapServers("kafka:9092")
            .kafkaProperty("security.protocol", "SSL")
            .topicPrefix("k.")
            .catalogTopic("cat")
            .region("eu-west-1")
            .accountId("123456789012")
            .replicationFactor(3)
            .catalogFreshness(Duration.ofMillis(300))
            .fastAckBound(Duration.ofMillis(700))
            .requestTimeout(Duration.ofSeconds(5))
            .build();
    assertThat(CatalogSettings.from(base).build()).isEqualTo(base).hasToString(base.toString());
    assertThat(CatalogSettings.from(base).build().kafkaProperties())
        .isEqualTo(base.kafkaProperties());
  }

  @Test
  void anEngineConfigHoldsTheSettingsItsCatalogIsOpenedWith() {
    EngineConfig config =
        EngineConfig.custom()
            .bootstrapServers("kafka:9092")
            .topicPrefix("k.")
            .catalogFreshness(Duration.ofMillis(300))
            .build();
    assertThat(config.catalogSettings().topicPrefix()).isEqualTo("k.");
    assertThat(config.catalogSettings().catalogFreshness()).isEqualTo(Duration.ofMillis(300));
    assertThat(config.toBuilder().build()).isEqualTo(config);
  }

  @Test
  void clientPropertiesPutTheUsersOverTheDefaultsAndTheEnforcedOverEverything() {
    CatalogSettings settings =
        CatalogSettings.custom()
            .bootstrapServers("kafka:9092")
            .kafkaProperty("acks", "1")
            .kafkaProperty("enable.auto.commit", true)
            .kafkaProperty("linger.ms", 7)
            .kafkaProperty("max.request.size", 1)
            .build();
    Map<String, Object> producer =
        settings.producerProperties(
            Map.of("linger.ms", 0, "batch.size", 1024), Map.of("max.request.size", 2048));
    assertThat(producer)
        .containsEntry("bootstrap.servers", "kafka:9092")
        .containsEntry("linger.ms", 7)
        .containsEntry("batch.size", 1024)
        .containsEntry("max.request.size", 2048)
        .containsAllEntriesOf(CatalogSettings.ENFORCED_PRODUCER_PROPERTIES);
    assertThat(settings.consumerProperties(Map.of(), Map.of()))
        .containsAllEntriesOf(CatalogSettings.ENFORCED_CONSUMER_PROPERTIES);
    assertThat(settings.adminProperties(Map.of("client.id", "a")))
        .containsEntry("client.id", "a")
        .containsEntry("bootstrap.servers", "kafka:9092");
  }
}
