package io.kinesisonkafka.adapter.internals.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.mapping.ShardIterators.Position;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShardIteratorsTest {

  static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  private final ShardIterators iterators = new ShardIterators(KEY);

  @Test
  void rejectsQuotesThatAreNotOnePairAroundTheIterator() {
    String iterator = iterators.encode(longestPosition());

    assertInvalid("\"\"" + iterator + "\"\"");
    assertInvalid('"' + iterator);
    assertInvalid(iterator + '"');
    assertInvalid("\"\"");
    assertInvalid("\"");
  }

  @Test
  void staysWithin512CharactersForA128CharacterStreamName() {
    String iterator = iterators.encode(longestPosition());

    assertThat(iterator).hasSizeLessThanOrEqualTo(512);
    assertThat(iterators.decode(iterator)).isEqualTo(longestPosition());
  }

  @Test
  void staysWithin512CharactersForTheLongestNameAPositionAccepts() {
    Position position = new Position("é".repeat(127) + "x", 0, 0, 0, 0); // 255 UTF-8 bytes
    String iterator = iterators.encode(position);

    assertThat(iterator).hasSizeLessThanOrEqualTo(512);
    assertThat(iterators.decode(iterator)).isEqualTo(position);
  }

  @Test
  void rejectsPositionsThatCannotBeEncoded() {
    assertThatThrownBy(() -> new Position("", 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Position("x".repeat(256), 0, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Position("s", -1, 0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Position("s", 0, -1, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Position("s", 0, 0, -1, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Position("s", 0, 0, 0, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsTheIteratorWhenAnyCharacterIsReplaced() {
    // 1- and 3-character names leave unused bits in the last base64 character, 2 none.
    for (String name : List.of("a", "ab", "abc", "x".repeat(128))) {
      String iterator = iterators.encode(new Position(name, 1_700_000_000L, 3, 42, 1L));
      for (int i = 0; i < iterator.length(); i++) {
        for (char c : ALPHABET.toCharArray()) {
          if (c != iterator.charAt(i)) {
            assertInvalid(iterator.substring(0, i) + c + iterator.substring(i + 1));
          }
        }
      }
    }
  }

  @Test
  void rejectsEveryTruncationAndExtension() {
    String iterator = iterators.encode(longestPosition());
    for (int length = 0; length < iterator.length(); length++) {
      assertInvalid(iterator.substring(0, length));
    }
    for (String suffix : List.of("A", "AA", "AAA", "AAAA", "=", "==")) {
      assertInvalid(iterator + suffix);
    }
  }

  @Test
  void rejectsAnIteratorSignedWithAnotherKey() {
    byte[] otherKey = KEY.clone();
    otherKey[0] ^= 1;
    String iterator = new ShardIterators(otherKey).encode(longestPosition());

    assertInvalid(iterator);
  }

  @Test
  void keepsItsOwnCopyOfTheKey() {
    byte[] key = KEY.clone();
    ShardIterators own = new ShardIterators(key);
    String iterator = own.encode(longestPosition());
    Arrays.fill(key, (byte) 0);

    assertThat(own.decode(iterator)).isEqualTo(longestPosition());
    assertThat(iterators.decode(iterator)).isEqualTo(longestPosition());
  }

  @Test
  void refusesAKeyShorterThan16Bytes() {
    assertThatThrownBy(() -> new ShardIterators(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new ShardIterators(new byte[16]).encode(longestPosition())).isNotEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", " ", "!!!!", "AAAA", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
  void rejectsMalformedIterators(String iterator) {
    assertInvalid(iterator);
  }

  @Test
  void rejectsNullAndOverlongIterators() {
    assertInvalid(null);
    assertInvalid("A".repeat(513));
  }

  @Test
  void encodesAndDecodesFromManyThreadsAtOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        tasks.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 2_000; i++) {
                    Position position = new Position("stream-" + thread, thread, i, i * 7L, i);
                    assertThat(iterators.decode(iterators.encode(position))).isEqualTo(position);
                  }
                }));
      }
      for (Future<?> task : tasks) {
        task.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static Position longestPosition() {
    return new Position(
        "s".repeat(128), Long.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  private void assertInvalid(String iterator) {
    assertThatThrownBy(() -> iterators.decode(iterator))
        .as("iterator %s", iterator)
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(KinesisErrorCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).isEqualTo("Invalid ShardIterator.");
            });
  }
}
