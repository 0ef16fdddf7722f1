package io.kinesisonkafka.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of {@link Deaggregator} on damaged aggregates, run by jqwik; examples are in {@link
 * DeaggregatorTest}.
 *
 * <p>Damage to the magic itself cannot be told from a record that is not an aggregate: such data
 * passes through as one user record, as it does in the KCL. Everything after the magic is guarded.
 */
class DeaggregatorPropertiesTest {

  @Provide
  Arbitrary<Entry> entries() {
    return Generators.entries();
  }

  @Property(tries = 300)
  void changingAnyByteOfTheMessageOrTheMd5IsDetected(
      @ForAll @Size(min = 1, max = 10) List<@From("entries") Entry> entries,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
      @ForAll @IntRange(min = 1, max = 255) int flip) {
    byte[] data = Kcl.aggregate(entries);
    int index = 4 + where % (data.length - 4);
    data[index] ^= (byte) flip;

    assertThatThrownBy(() -> Deaggregator.deaggregate("pk", data))
        .isInstanceOf(CorruptAggregateException.class);
  }

  @Property(tries = 200)
  void truncatingAnAggregateAnywhereAfterTheMagicIsDetected(
      @ForAll @Size(min = 1, max = 10) List<@From("entries") Entry> entries,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where) {
    byte[] data = Kcl.aggregate(entries);
    byte[] truncated = Arrays.copyOf(data, 4 + where % (data.length - 4));

    assertThatThrownBy(() -> Deaggregator.deaggregate("pk", truncated))
        .isInstanceOf(CorruptAggregateException.class);
  }

  @Property(tries = 50)
  void truncatingIntoTheMagicLeavesDataThatIsNotAnAggregate(
      @ForAll @Size(min = 1, max = 10) List<@From("entries") Entry> entries,
      @ForAll @IntRange(min = 0, max = 3) int length) {
    byte[] truncated = Arrays.copyOf(Kcl.aggregate(entries), length);

    assertThat(Deaggregator.deaggregate("pk", truncated))
        .containsExactly(new UserRecord("pk", null, truncated, 0));
  }
}
