package io.kinesisonkafka.lambda.internals;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.consumer.KinesisClientRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchDataTest {

  private static Entry entry(String data, long index) {
    KinesisClientRecord r =
        KinesisClientRecord.of(
            Long.toString(1000 + index),
            0,
            "k",
            null,
            Instant.EPOCH,
            data.getBytes(StandardCharsets.UTF_8),
            false);
    return new Entry(r, index, 0);
  }

  /** What an invocation's function gets for an entry, as LazyRecords makes it. */
  private static ByteBuffer given(BatchData data, Entry e) {
    byte[] copy = data.copyIfInvokedBefore(e);
    return copy != null ? ByteBuffer.wrap(copy) : e.record.handOverData();
  }

  private static String text(ByteBuffer b) {
    return StandardCharsets.UTF_8.decode(b.duplicate()).toString();
  }

  @Test
  void aFirstInvocationOwnsTheRecordsArrayAndEveryRetryGetsAFreshCopyOfTheOriginal() {
    BatchData data = new BatchData();
    data.newBatch();
    List<Entry> batch = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      batch.add(entry("record-" + i, i));
    }
    for (Entry e : batch) {
      ByteBuffer b = given(data, e);
      assertThat(b.isReadOnly()).isFalse();
      assertThat(b.hasArray()).isTrue();
      assertThat(b.arrayOffset()).isZero();
      assertThat(b.array()).hasSize(b.remaining());
      Arrays.fill(b.array(), (byte) 'X'); // the function scribbles over what it owns
      assertThat(text(e.record.data())).as("no copy: the record's own array").startsWith("XXX");
    }
    Set<byte[]> arrays = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Entry e : batch) {
      arrays.add(e.record.handOverData().array());
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      for (int i = 0; i < batch.size(); i++) {
        ByteBuffer b = given(data, batch.get(i));
        assertThat(text(b)).isEqualTo("record-" + i);
        assertThat(arrays.add(b.array())).as("a new array on every retry").isTrue();
        Arrays.fill(b.array(), (byte) 'Y');
      }
    }
  }

  @Test
  void savedDataSurvivesTheSlabGrowingAndANewBatchStartsOver() {
    BatchData data = new BatchData();
    data.newBatch();
    char[] big = new char[50_000];
    List<Entry> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) { // 250 kB: the slab grows from 64 KiB twice
      Arrays.fill(big, (char) ('a' + i));
      batch.add(entry(new String(big), i));
    }
    for (Entry e : batch) {
      Arrays.fill(given(data, e).array(), (byte) 'X');
    }
    for (int i = 0; i < batch.size(); i++) {
      String again = text(given(data, batch.get(i)));
      assertThat(again).hasSize(50_000).matches("[" + (char) ('a' + i) + "]+");
    }
    data.newBatch();
    Entry next = entry("next", 9);
    given(data, next).array()[0] = 'X';
    assertThat(text(given(data, next))).isEqualTo("next");
    data.release();
    Entry afterIdle = entry("after-idle", 10);
    given(data, afterIdle).array()[0] = 'X';
    assertThat(text(given(data, afterIdle))).isEqualTo("after-idle");
  }
}
