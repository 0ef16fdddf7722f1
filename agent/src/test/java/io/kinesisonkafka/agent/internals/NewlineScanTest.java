package io.kinesisonkafka.agent.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The word-at-a-time newline search finds what a byte-by-byte scan finds. */
class NewlineScanTest {

  private static int naive(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  @Test
  void findsTheFirstNewlineLikeAByteScan() {
    Random random = new Random(16);
    byte[] tricky = {0x0B, 0x09, 0x0A - 1, (byte) 0x8A, 0x0A + 0x80 - 0x80, 0x1A, (byte) 0xFF, 0};
    int checked = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] b = new byte[1 + random.nextInt(64)];
      for (int i = 0; i < b.length; i++) {
        int pick = random.nextInt(10);
        b[i] =
            pick == 0
                ? (byte) '\n'
                : pick < 4 ? tricky[random.nextInt(tricky.length)] : (byte) random.nextInt(256);
      }
      int from = random.nextInt(b.length);
      int to = from + random.nextInt(b.length - from + 1);
      assertThat(RecordReader.newline(b, from, to)).isEqualTo(naive(b, from, to));
      checked++;
    }
    assertThat(RecordReader.newline(new byte[100], 0, 100)).isEqualTo(-1);
    System.out.println("NewlineScanTest: " + checked + " random buffers agree with a byte scan");
  }
}
