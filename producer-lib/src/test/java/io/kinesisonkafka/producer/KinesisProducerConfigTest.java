package io.kinesisonkafka.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KinesisProducerConfigTest {

  @Test
  void hasTheKplDefaultsWhereTheyMeanSomethingOnKafka() {
    KinesisProducerConfig c = KinesisProducerConfig.ofBootstrap("localhost:9092");
    assertThat(c.recordMaxBufferedTime()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.aggregationEnabled()).isTrue();
    assertThat(c.aggregationMaxSize()).isEqualTo(51_200);
    assertThat(c.collectionMaxCount()).isEqualTo(500);
    assertThat(c.collectionMaxSize()).isEqualTo(5 * 1024 * 1024);
    assertThat(c.rateLimit()).isEqualTo(150);
    assertThat(c.recordTtl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.failIfThrottled()).isFalse();
    assertThat(c.maxConnections()).isEqualTo(24);
    assertThat(c.whenFull()).isEqualTo(KinesisProducerConfig.WhenFull.BLOCK);
  }

  @Test
  void readsAKplPropertiesFileWithKafkaSettingsAlongside() {
    Properties p = new Properties();
    p.setProperty("RecordMaxBufferedTime", "250");
    p.setProperty("AggregationEnabled", "false");
    p.setProperty("RateLimit", "90");
    p.setProperty("RecordTtl", "60000");
    p.setProperty("FailIfThrottled", "true");
    p.setProperty("AggregationMaxCount", "4294967295");
    p.setProperty("Region", "us-west-2");
    p.setProperty("MetricsLevel", "detailed");
    p.setProperty("maxOutstandingBytes", "1048576");
    p.setProperty("whenFull", "fail");
    p.setProperty("kafka.bootstrap.servers", "broker:9092");
    p.setProperty("kafka.security.protocol", "SSL");
    KinesisProducerConfig c = KinesisProducerConfig.fromProperties(p);
    assertThat(c.recordMaxBufferedTime()).isEqualTo(Duration.ofMillis(250));
    assertThat(c.aggregationEnabled()).isFalse();
    assertThat(c.rateLimit()).isEqualTo(90);
    assertThat(c.recordTtl()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.failIfThrottled()).isTrue();
    assertThat(c.aggregationMaxCount()).isEqualTo(Integer.MAX_VALUE);
    assertThat(c.maxOutstandingBytes()).isEqualTo(1_048_576);
    assertThat(c.whenFull()).isEqualTo(KinesisProducerConfig.WhenFull.FAIL);
    assertThat(c.kafkaProperties())
        .containsEntry("bootstrap.servers", "broker:9092")
        .containsEntry("security.protocol", "SSL");
  }

  @Test
  void acceptsTheKplSettingsThatMeanNothingOnKafka() {
    Properties p = new Properties();
    for (String name :
        new String[] {"EnableCoreDumps", "NativeExecutable", "ThreadingModel", "LogLevel"}) {
      p.setProperty(name, "x");
    }
    p.setProperty("kafka.bootstrap.servers", "broker:9092");
    assertThat(KinesisProducerConfig.fromProperties(p).kafkaProperties())
        .containsEntry("bootstrap.servers", "broker:9092");
  }

  @Test
  void reportsEveryBadSettingAtOnceNamingIt() {
    assertThatThrownBy(
            () ->
                KinesisProducerConfig.custom()
                    .recordMaxBufferedTime(Duration.ofMillis(-5))
                    .aggregationMaxSize(10)
                    .rateLimit(0)
                    .kafkaProperty("transactional.id", "orders")
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bootstrap.servers must be set")
        .hasMessageContaining(
            "recordMaxBufferedTime must be between 1ms and 600000ms, but was -5ms")
        .hasMessageContaining("aggregationMaxSize must be between 64 and 1048576, but was 10")
        .hasMessageContaining("rateLimit must be >= 1, but was 0")
        .hasMessageContaining("transactional.id must not be set");
  }

  @Test
  void refusesUnknownAndMalformedProperties() {
    Properties p = new Properties();
    p.setProperty("kafka.bootstrap.servers", "broker:9092");
    p.setProperty("RecordMaxBuferedTime", "100");
    p.setProperty("AggregationEnabled", "yes");
    assertThatThrownBy(() -> KinesisProducerConfig.fromProperties(p))
        .hasMessageContaining("unknown setting RecordMaxBuferedTime")
        .hasMessageContaining("AggregationEnabled must be a valid value, but was 'yes'");
  }
}
