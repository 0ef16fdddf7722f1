package io.kinesisonkafka.lambda.internals;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class InvokerTest {

  @Test
  void requestIdsAreRandomVersion4UuidsAsLambdasAre() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      String id = Invoker.requestId();
      UUID u = UUID.fromString(id);
      assertThat(u.version()).as(id).isEqualTo(4);
      assertThat(u.variant()).as(id).isEqualTo(2);
      assertThat(u.toString()).isEqualTo(id);
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }
}
