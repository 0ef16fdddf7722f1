package io.kinesisonkafka.aggregation;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** Arbitrary user records for the jqwik properties. */
final class Generators {

  static final BigInteger MAX_HASH_KEY = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  private Generators() {}

  /**
   * Partition keys Kinesis takes; a few recur, so that key tables hold keys used more than once.
   */
  static Arbitrary<String> partitionKeys() {
    Arbitrary<String> recurring =
        Arbitraries.of("a", "b", "user-42", "ключ", "鍵", "🔑", "k".repeat(256));
    Arbitrary<String> ascii =
        Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(256);
    Arbitrary<String> unicode =
        Arbitraries.integers()
            .between(1, Character.MAX_CODE_POINT)
            .filter(cp -> cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE)
            .list()
            .ofMinSize(1)
            .ofMaxSize(100)
            .map(Generators::fromCodePoints);
    return Arbitraries.frequencyOf(
        Tuple.of(4, recurring), Tuple.of(2, ascii), Tuple.of(1, unicode));
  }

  /** Explicit hash keys PutRecord takes, or null (half the time). */
  static Arbitrary<String> explicitHashKeys() {
    Arbitrary<String> edges = Arbitraries.of("0", "1", MAX_HASH_KEY.toString());
    Arbitrary<String> any =
        Arbitraries.bigIntegers().between(BigInteger.ZERO, MAX_HASH_KEY).map(BigInteger::toString);
    return Arbitraries.oneOf(edges, any).injectNull(0.5);
  }

  /** Data, sometimes empty, sometimes starting with the aggregation magic. */
  static Arbitrary<byte[]> data() {
    Arbitrary<byte[]> plain = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<byte[]> magicFirst =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofMaxSize(40)
            .map(
                tail -> {
                  byte[] data = new byte[AggregationFormat.MAGIC.length + tail.length];
                  System.arraycopy(AggregationFormat.MAGIC, 0, data, 0, 4);
                  System.arraycopy(tail, 0, data, 4, tail.length);
                  return data;
                });
    return Arbitraries.frequencyOf(Tuple.of(9, plain), Tuple.of(1, magicFirst));
  }

  static Arbitrary<Entry> entries() {
    return Combinators.combine(partitionKeys(), explicitHashKeys(), data()).as(Entry::new);
  }

  /** The user records a consumer should get back from the record built of these entries. */
  static List<UserRecord> expected(List<Entry> entries, Aggregate aggregate) {
    if (!aggregate.aggregated()) {
      // A lone user record put as it is: Kinesis does not return its explicit hash key.
      Entry only = entries.get(0);
      return List.of(new UserRecord(only.partitionKey(), null, only.data(), 0));
    }
    return java.util.stream.IntStream.range(0, entries.size())
        .mapToObj(i -> entries.get(i).expectedAt(i))
        .toList();
  }

  /** The hash key an entry routes by. */
  static BigInteger hashKeyOf(Entry entry) {
    return entry.explicitHashKey() != null
        ? new BigInteger(entry.explicitHashKey())
        : new BigInteger(1, Kcl.md5(entry.partitionKey().getBytes(StandardCharsets.UTF_8)));
  }

  private static String fromCodePoints(List<Integer> codePoints) {
    return new String(
        codePoints.stream().mapToInt(Integer::intValue).toArray(), 0, codePoints.size());
  }
}
