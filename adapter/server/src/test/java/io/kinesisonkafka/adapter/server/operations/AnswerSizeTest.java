package io.kinesisonkafka.adapter.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.kinesisonkafka.adapter.internals.mapping.SequenceNumbers;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.server.protocol.Body;
import io.kinesisonkafka.adapter.server.protocol.Replies;
import io.kinesisonkafka.adapter.server.protocol.WireFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A GetRecords answer fits the buffer its size hint asks for: an estimate a few bytes short made
 * every 10 MB answer copy itself into a 20 MB array.
 */
class AnswerSizeTest {
  @Test
  void getRecordsAnswersFitTheirSizeHintInBothWireFormats() {
    for (int dataSize : new int[] {0, 1, 23, 24, 255, 256, 1024, 65_535, 65_536, 1 << 20}) {
      for (int keySize : new int[] {1, 23, 24, 36, 255, 256}) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          records.add(
              new Record(
                  SequenceNumbers.ofRecord(1_700_000_000L, 3, i, 1_765_000_000_000L),
                  Instant.ofEpochMilli(Long.MAX_VALUE >> 10),
                  new byte[dataSize],
                  "k".repeat(keySize)));
        }
        Body answer =
            RecordOperations.getRecordsAnswer(
                new GetRecordsResult(records, "i".repeat(900), Long.MAX_VALUE, List.of()));
        int cbor = Replies.body(WireFormat.CBOR, answer).length;
        long json = Replies.body(WireFormat.JSON, answer).length;
        assertThat(cbor)
            .as("CBOR, data %d, key %d", dataSize, keySize)
            .isLessThanOrEqualTo(answer.sizeHint());
        assertThat(json)
            .as("JSON, data %d, key %d", dataSize, keySize)
            .isLessThanOrEqualTo(answer.sizeHint() * 3L / 2);
      }
    }
  }
}
