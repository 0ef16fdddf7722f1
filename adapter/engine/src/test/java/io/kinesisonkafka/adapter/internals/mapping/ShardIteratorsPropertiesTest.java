package io.kinesisonkafka.adapter.internals.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.internals.mapping.ShardIterators.Position;
import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link ShardIterators}, run by jqwik; examples are in {@link ShardIteratorsTest}.
 *
 * <p>Kept apart from the JUnit Jupiter examples: surefire writes one report per class name, so a
 * class run by both engines loses one engine's results from its XML report.
 */
class ShardIteratorsPropertiesTest {

  private final ShardIterators iterators = new ShardIterators(ShardIteratorsTest.KEY);

  @Provide
  Arbitrary<Position> positions() {
    Arbitrary<String> streamNames =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withCharRange('A', 'Z')
            .withCharRange('0', '9')
            .withChars('_', '.', '-')
            .ofMinLength(1)
            .ofMaxLength(128);
    Arbitrary<Long> naturals = Arbitraries.longs().between(0, Long.MAX_VALUE);
    return Combinators.combine(
            streamNames,
            naturals,
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            naturals,
            naturals)
        .as(Position::new);
  }

  @Property
  void decodeReturnsThePositionEncodeWasGiven(@ForAll("positions") Position position) {
    String iterator = iterators.encode(position);

    assertThat(iterators.decode(iterator)).isEqualTo(position);
    assertThat(iterator).matches("[A-Za-z0-9_-]+").hasSizeLessThanOrEqualTo(512);
  }

  @Property
  void toleratesOnePairOfSurroundingQuotes(@ForAll("positions") Position position) {
    String iterator = iterators.encode(position);

    assertThat(iterators.decode('"' + iterator + '"')).isEqualTo(position);
  }

  @Property(tries = 50)
  void rejectsTheIteratorWhenAnyBitOfAnyByteIsFlipped(@ForAll("positions") Position position) {
    byte[] bytes = Base64.getUrlDecoder().decode(iterators.encode(position));
    for (int i = 0; i < bytes.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] tampered = bytes.clone();
        tampered[i] ^= (byte) (1 << bit);
        assertInvalid(Base64.getUrlEncoder().withoutPadding().encodeToString(tampered));
      }
    }
  }

  private void assertInvalid(String iterator) {
    assertThatThrownBy(() -> iterators.decode(iterator))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(KinesisErrorCode.INVALID_ARGUMENT);
              assertThat(e.getMessage()).isEqualTo("Invalid ShardIterator.");
            });
  }
}
