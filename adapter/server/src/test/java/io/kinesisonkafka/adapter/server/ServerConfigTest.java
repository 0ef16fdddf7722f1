package io.kinesisonkafka.adapter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {
  @Test
  void theReadmeConfigurationTableIsTheOneTheSettingsDeclare() throws Exception {
    String readme = Files.readString(Path.of("../..", "README.md"));
    assertThat(readme).contains(Setting.markdownTable());
  }

  @Test
  void flagsAndEnvironmentVariablesDeriveFromTheSettingKey() {
    assertThat(Setting.TLS_PORT.flag()).isEqualTo("--tls-port");
    assertThat(Setting.TLS_PORT.envVar()).isEqualTo("KOK_TLS_PORT");
  }

  @Test
  void flagsWinOverTheEnvironmentWhichWinsOverDefaults() {
    ServerConfig c =
        ServerConfig.from(
            Map.of("KOK_PORT", "1234", "KOK_REGION", "eu-west-1"), Map.of(Setting.PORT, "4321"));
    assertThat(c.port()).isEqualTo(4321);
    assertThat(c.region()).isEqualTo("eu-west-1");
    assertThat(c.tlsPort()).isEqualTo(4568);
  }

  @Test
  void kafkaClientPropertiesPassThrough() {
    ServerConfig c =
        ServerConfig.from(
            Map.of(Setting.KAFKA_PROPERTY, "security.protocol=SSL, ssl.truststore.type=PEM"));
    assertThat(c.kafkaProperties())
        .containsEntry("security.protocol", "SSL")
        .containsEntry("ssl.truststore.type", "PEM");
    assertThat(c.engineConfig("h:9092").kafkaProperties())
        .containsEntry("security.protocol", "SSL");
  }

  @Test
  void everyInvalidSettingIsReportedAtOnce() {
    assertThatThrownBy(
            () ->
                ServerConfig.from(
                    Map.of(
                        Setting.PORT, "abc",
                        Setting.TLS_PORT, "70000",
                        Setting.AUTH_ENABLED, "true",
                        Setting.ACCOUNT, "12")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port must be an integer, but was 'abc'")
        .hasMessageContaining("tls.port must be a port or -1, but was 70000")
        .hasMessageContaining("auth.enabled needs auth.credentials");
  }

  @Test
  void limitsCanBeTurnedOffOrResized() {
    assertThat(ServerConfig.from(Map.of(Setting.LIMITS_ENABLED, "false")).limits().enabled())
        .isFalse();
    assertThat(
            ServerConfig.from(Map.of(Setting.LIMIT_WRITE_RECORDS, "5000"))
                .limits()
                .writeRecordsPerSecond())
        .isEqualTo(5000);
  }

  @Test
  void streamsToCreateAtStartAreNameAndShardPairs() {
    assertThat(
            ServerConfig.from(Map.of(Setting.CREATE_STREAMS, "orders:4, clicks:2")).createStreams())
        .containsExactly(Map.entry("orders", 4), Map.entry("clicks", 2));
    assertThatThrownBy(
            () -> ServerConfig.from(Map.of(Setting.CREATE_STREAMS, "orders, clicks:0, x:y")))
        .hasMessageContaining(
            "create.streams must be name:shards pairs with shards >= 1, but had orders")
        .hasMessageContaining("but had clicks:0")
        .hasMessageContaining("but had x:y");
  }

  @Test
  void faultRulesAreParsedAndBadOnesNamed() {
    assertThat(
            ServerConfig.from(
                    Map.of(
                        Setting.FAULT_INJECTION,
                        "PutRecords:throttle:0.1, GetRecords:latency:0.5:200, *:error:1"))
                .faultRules())
        .containsExactly(
            new FaultRule("PutRecords", FaultRule.Kind.THROTTLE, 0.1, java.time.Duration.ZERO),
            new FaultRule(
                "GetRecords", FaultRule.Kind.LATENCY, 0.5, java.time.Duration.ofMillis(200)),
            new FaultRule("*", FaultRule.Kind.ERROR, 1, java.time.Duration.ZERO));
    assertThatThrownBy(
            () ->
                ServerConfig.from(
                    Map.of(
                        Setting.FAULT_INJECTION,
                        "PutRecords:explode:0.1, GetRecords:latency:0.5, ListStreams:error:1.5")))
        .hasMessageContaining("but had PutRecords:explode:0.1")
        .hasMessageContaining("but had GetRecords:latency:0.5")
        .hasMessageContaining("but had ListStreams:error:1.5");
    assertThat(ServerConfig.from(Map.of()).faultRules()).isEmpty();
  }
}
