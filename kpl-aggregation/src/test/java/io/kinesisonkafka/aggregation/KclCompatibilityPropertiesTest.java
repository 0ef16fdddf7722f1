package io.kinesisonkafka.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Byte compatibility with the real KCL 3.5.1 both ways, run by jqwik: what {@link
 * AggregatedRecordBuilder} builds, the KCL's {@code AggregatorUtil} de-aggregates to the same user
 * records; what the KCL's generated {@code Messages} build in the KPL's format, {@link
 * Deaggregator} reads. Examples are in {@link KclCompatibilityTest}.
 */
class KclCompatibilityPropertiesTest {

  @Provide
  Arbitrary<Entry> entries() {
    return Generators.entries();
  }

  @Property(tries = 300)
  void theKclDeaggregatesWhatTheBuilderBuildsToTheSameUserRecords(
      @ForAll @Size(min = 1, max = 40) List<@From("entries") Entry> entries) {
    Aggregate aggregate = build(entries);

    assertThat(Kcl.deaggregate(aggregate.partitionKey(), aggregate.data()))
        .isEqualTo(Generators.expected(entries, aggregate))
        .isEqualTo(Deaggregator.deaggregate(aggregate.partitionKey(), aggregate.data()));
  }

  @Property(tries = 300)
  void theBuilderWritesTheSameBytesAsTheKplsMessages(
      @ForAll @Size(min = 2, max = 40) List<@From("entries") Entry> entries) {
    assertThat(build(entries).data()).isEqualTo(Kcl.aggregate(entries));
  }

  @Property(tries = 300)
  void theDeaggregatorReadsWhatTheKplsMessagesBuild(
      @ForAll @Size(min = 1, max = 40) List<@From("entries") Entry> entries) {
    byte[] data = Kcl.aggregate(entries);

    assertThat(Deaggregator.deaggregate("outer", data))
        .isEqualTo(
            IntStream.range(0, entries.size()).mapToObj(i -> entries.get(i).expectedAt(i)).toList())
        .isEqualTo(Kcl.deaggregate("outer", data));
  }

  @Property(tries = 200)
  void theFilterAgreesWithTheKclWhenTheShardHoldsAllOrNoneOfTheUserRecords(
      @ForAll @Size(min = 1, max = 20) List<@From("entries") Entry> entries) {
    List<BigInteger> hashKeys = entries.stream().map(Generators::hashKeyOf).toList();
    BigInteger lowest = hashKeys.stream().min(Comparator.naturalOrder()).orElseThrow();
    BigInteger highest = hashKeys.stream().max(Comparator.naturalOrder()).orElseThrow();
    byte[] data = Kcl.aggregate(entries);

    assertThat(Deaggregator.deaggregate("pk", data, lowest, highest))
        .isEqualTo(Kcl.deaggregate("pk", data, lowest, highest))
        .hasSize(entries.size());
    Assume.that(lowest.signum() > 0);
    BigInteger below = lowest.subtract(BigInteger.ONE);
    assertThat(Deaggregator.deaggregate("pk", data, BigInteger.ZERO, below))
        .isEqualTo(Kcl.deaggregate("pk", data, BigInteger.ZERO, below))
        .isEmpty();
  }

  private static Aggregate build(List<Entry> entries) {
    AggregatedRecordBuilder builder = new AggregatedRecordBuilder();
    assertThat(entries).allMatch(e -> e.addTo(builder));
    return builder.build();
  }
}
