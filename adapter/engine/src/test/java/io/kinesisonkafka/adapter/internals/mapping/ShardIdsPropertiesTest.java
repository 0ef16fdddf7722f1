package io.kinesisonkafka.adapter.internals.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of {@link ShardIds}, run by jqwik; examples are in {@link ShardIdsTest}.
 *
 * <p>Kept apart from the JUnit Jupiter examples: surefire writes one report per class name, so a
 * class run by both engines loses one engine's results from its XML report.
 */
class ShardIdsPropertiesTest {

  @Property
  void formatsLikeTheKclAndParsesBack(@ForAll @IntRange int shardIndex) {
    String shardId = ShardIds.format(shardIndex);

    assertThat(shardId).isEqualTo(String.format("shardId-%012d", shardIndex));
    assertThat(ShardIds.parse(shardId)).hasValue(shardIndex);
  }
}
