package io.kinesisonkafka.connect.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class KinesisSourceConfigTest {
  private static Map<String, String> base() {
    Map<String, String> c = new HashMap<>();
    c.put(KinesisSourceConfig.STREAMS, "orders");
    c.put("aws.region", "us-east-1");
    return c;
  }

  @Test
  void carriesEveryKinesisHeaderByDefault() {
    assertThat(new KinesisSourceConfig(base()).headers())
        .containsExactlyInAnyOrder(KinesisSourceConfig.Header.values());
  }

  @Test
  void carriesOnlyTheHeadersListedOrNone() {
    Map<String, String> c = base();
    c.put(KinesisSourceConfig.HEADERS, "kinesis.sequence.number, kinesis.shard.id");
    assertThat(new KinesisSourceConfig(c).headers())
        .containsExactlyInAnyOrder(
            KinesisSourceConfig.Header.SEQUENCE_NUMBER, KinesisSourceConfig.Header.SHARD_ID);
    c.put(KinesisSourceConfig.HEADERS, "");
    assertThat(new KinesisSourceConfig(c).headers()).isEmpty();
  }

  @Test
  void refusesAnUnknownHeaderNamingTheSetting() {
    Map<String, String> c = base();
    c.put(KinesisSourceConfig.HEADERS, "kinesis.sequence.number,kinesis.colour");
    ConfigValue v =
        KinesisSourceConfig.CONFIG_DEF.validate(c).stream()
            .filter(x -> x.name().equals(KinesisSourceConfig.HEADERS))
            .findFirst()
            .orElseThrow();
    System.out.println("kinesis.headers refused: " + v.errorMessages());
    assertThat(v.errorMessages()).singleElement().asString().contains("kinesis.colour");
  }
}
