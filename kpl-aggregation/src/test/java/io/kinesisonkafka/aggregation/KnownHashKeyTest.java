package io.kinesisonkafka.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class KnownHashKeyTest {

  private static BigInteger md5(String key) throws Exception {
    return new BigInteger(
        1, MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aCallerSuppliedHashKeyBuildsTheSameBytesAsOneComputedHere() throws Exception {
    AggregatedRecordBuilder computed = new AggregatedRecordBuilder();
    AggregatedRecordBuilder supplied = new AggregatedRecordBuilder();
    String explicit = "170141183460469231731687303715884105728";
    for (int i = 0; i < 50; i++) {
      String key = "key-" + (i % 7);
      String ehk = i % 5 == 0 ? explicit : null;
      byte[] data = ("v" + i).getBytes(StandardCharsets.UTF_8);
      assertThat(computed.tryAdd(key, ehk, data)).isTrue();
      assertThat(supplied.tryAdd(key, ehk, data, ehk != null ? new BigInteger(ehk) : md5(key)))
          .isTrue();
    }
    Aggregate a = computed.build();
    Aggregate b = supplied.build();
    assertThat(b.data()).isEqualTo(a.data());
    assertThat(b.positions()).isEqualTo(a.positions());
    assertThat(b.explicitHashKey()).isEqualTo(a.explicitHashKey());
  }
}
