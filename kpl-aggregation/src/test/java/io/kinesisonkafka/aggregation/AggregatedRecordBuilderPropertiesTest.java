package io.kinesisonkafka.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties of {@link AggregatedRecordBuilder}, run by jqwik; examples are in {@link
 * AggregatedRecordBuilderTest}.
 *
 * <p>Kept apart from the JUnit Jupiter examples: surefire writes one report per class name, so a
 * class run by both engines loses one engine's results from its XML report.
 */
class AggregatedRecordBuilderPropertiesTest {

  @Provide
  Arbitrary<Entry> entries() {
    return Generators.entries();
  }

  @Property(tries = 300)
  void anyUserRecordsThatFitRoundTripExactlyWithSubSequenceNumbersInOrder(
      @ForAll @Size(min = 1, max = 40) List<@From("entries") Entry> entries) {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();
    assertThat(entries).allMatch(e -> e.addTo(builder));

    Aggregate aggregate = builder.build();

    assertThat(Deaggregator.deaggregate(aggregate.partitionKey(), aggregate.data()))
        .isEqualTo(Generators.expected(entries, aggregate));
    assertThat(aggregate.aggregated())
        .isEqualTo(entries.size() > 1 || Deaggregator.isAggregated(entries.get(0).data()));
    assertThat(aggregate.partitionKey()).isEqualTo(entries.get(0).partitionKey());
    assertThat(aggregate.explicitHashKey())
        .isEqualTo(Generators.hashKeyOf(entries.get(0)).toString());
    assertThat(aggregate.positions())
        .isEqualTo(
            IntStream.range(0, entries.size())
                .mapToObj(
                    i ->
                        new Aggregate.Position(
                            i, entries.get(i).partitionKey(), Generators.hashKeyOf(entries.get(i))))
                .toList());
    assertThat(aggregate.size()).isEqualTo(builder.size());
  }

  @Property(tries = 300)
  void theBuilderFillsUpToItsLimitsExactlyAndNeverBeyond(
      @ForAll @IntRange(min = 1, max = 3000) int maxSize,
      @ForAll @IntRange(min = 1, max = 30) int maxCount,
      @ForAll @Size(max = 60) List<@From("entries") Entry> entries) {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder(maxSize, maxCount);
    List<Entry> accepted = new ArrayList<>();
    Entry refused = null;
    for (Entry e : entries) {
      if (!e.addTo(builder)) {
        refused = e;
        break;
      }
      accepted.add(e);
      assertThat(builder.size()).isLessThanOrEqualTo(maxSize);
    }

    assertThat(builder.count()).isEqualTo(accepted.size()).isLessThanOrEqualTo(maxCount);
    if (!accepted.isEmpty()) {
      Aggregate aggregate = builder.build();
      assertThat(aggregate.size()).isEqualTo(builder.size()).isLessThanOrEqualTo(maxSize);
      assertThat(builder.size()).isEqualTo(AggregatedRecordBuilderTest.sizeOf(accepted));
      assertThat(Deaggregator.deaggregate(aggregate.partitionKey(), aggregate.data()))
          .isEqualTo(Generators.expected(accepted, aggregate));
    }
    if (refused != null && accepted.size() < maxCount) {
      // Refused only because it would not have fit.
      List<Entry> withRefused = new ArrayList<>(accepted);
      withRefused.add(refused);
      assertThat(AggregatedRecordBuilderTest.sizeOf(withRefused)).isGreaterThan(maxSize);
    }
  }
}
