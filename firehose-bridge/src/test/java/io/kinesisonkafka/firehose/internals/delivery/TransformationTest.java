package io.kinesisonkafka.firehose.internals.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.firehose.RecordTransformer;
import io.kinesisonkafka.firehose.RecordTransformer.Result;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransformationTest {
  private static List<BufferedRecord> records(String... data) {
    List<BufferedRecord> out = new ArrayList<>();
    for (int i = 0; i < data.length; i++) {
      out.add(new BufferedRecord(0, i, 0, 1000 + i, data[i].getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void deliversOkDropsDroppedAndFailsProcessingFailed() {
    RecordTransformer t =
        request -> {
          List<Result> out = new ArrayList<>();
          for (RecordTransformer.Record r : request.records()) {
            String s = text(r.data());
            out.add(
                switch (s) {
                  case "drop" -> Result.dropped(r.recordId());
                  case "fail" -> Result.failed(r.recordId());
                  default ->
                      Result.ok(r.recordId(), s.toUpperCase().getBytes(StandardCharsets.UTF_8));
                });
          }
          return out;
        };
    Transformation.Outcome o =
        new Transformation("s", t, 3).apply(records("a", "drop", "fail", "b"));
    assertThat(o.ok()).extracting(r -> text(r.data())).containsExactly("A", "B");
    assertThat(o.ok()).extracting(BufferedRecord::offset).containsExactly(0L, 3L);
    assertThat(o.dropped()).isEqualTo(1);
    assertThat(o.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(text(f.record().data())).isEqualTo("fail");
              assertThat(f.errorCode()).isEqualTo("Lambda.ProcessingFailedStatus");
            });
  }

  @Test
  void retriesAFailedInvocationThenFailsEveryRecordOfIt() {
    AtomicInteger calls = new AtomicInteger();
    RecordTransformer broken =
        request -> {
          calls.incrementAndGet();
          throw new IllegalStateException("boom");
        };
    Transformation.Outcome o = new Transformation("s", broken, 2).apply(records("a", "b"));
    assertThat(calls).hasValue(3);
    assertThat(o.ok()).isEmpty();
    assertThat(o.failed())
        .hasSize(2)
        .allSatisfy(
            f -> {
              assertThat(f.attemptsMade()).isEqualTo(3);
              assertThat(f.errorCode()).isEqualTo("Lambda.FunctionError");
              assertThat(f.errorMessage()).isEqualTo("boom");
            });
  }

  @Test
  void failsAnInvocationWhoseAnswerMissesARecordId() {
    AtomicInteger calls = new AtomicInteger();
    RecordTransformer sloppy =
        request -> {
          calls.incrementAndGet();
          return List.of(Result.ok("nope", new byte[0]), Result.ok("nope2", new byte[0]));
        };
    Transformation.Outcome o = new Transformation("s", sloppy, 0).apply(records("a", "b"));
    assertThat(calls).hasValue(1);
    assertThat(o.failed()).hasSize(2);
  }
}
