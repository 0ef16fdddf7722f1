package io.kinesisonkafka.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class KinesisClientRecordTest {

  private static final String[] KEYS = {
    "",
    "user-1",
    "Grüße",
    "€uro",
    "日本語キー",
    "emoji 😀 key",
    "lone \uD800 high",
    "lone \uDC00 low",
    "end \uD83D"
  };

  @Test
  void partitionKeySizeIsTheUtf8LengthWhetherGivenAsStringOrBytes() {
    for (String key : KEYS) {
      int utf8 = key.getBytes(StandardCharsets.UTF_8).length;
      KinesisClientRecord given =
          KinesisClientRecord.of("1", 0, key, null, Instant.EPOCH, new byte[0], false);
      KinesisClientRecord deferred =
          KinesisClientRecord.deferred(
              (offset, millis) -> "1",
              0,
              0,
              null,
              key.getBytes(StandardCharsets.UTF_8),
              null,
              0,
              new byte[0],
              false);
      assertThat(given.partitionKeySize()).as(key).isEqualTo(utf8);
      assertThat(deferred.partitionKeySize()).as(key).isEqualTo(utf8);
      assertThat(deferred.partitionKey())
          .isEqualTo(new String(key.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    }
  }

  @Test
  void handedOverDataIsTheRecordsOwnArrayWhileDataAndCopiesStayApart() {
    byte[] given = "abc".getBytes(StandardCharsets.UTF_8);
    KinesisClientRecord r = KinesisClientRecord.of("1", 0, "k", null, Instant.EPOCH, given, false);
    given[0] = 'x'; // of() copied what it was given
    ByteBuffer owned = r.handOverData();
    assertThat(owned.isReadOnly()).isFalse();
    assertThat(owned.arrayOffset()).isZero();
    assertThat(owned.array()).hasSize(3).isSameAs(r.handOverData().array());
    byte[] saved = new byte[5];
    r.copyData(saved, 1);
    owned.put(0, (byte) 'z');
    assertThat(new String(saved, 1, 3, StandardCharsets.UTF_8)).isEqualTo("abc");
    assertThat(StandardCharsets.UTF_8.decode(r.data()).toString()).isEqualTo("zbc");
    assertThat(r.dataBytes()).isNotSameAs(owned.array()).containsExactly('z', 'b', 'c');
    assertThatThrownBy(() -> r.copyData(new byte[2], 0))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
