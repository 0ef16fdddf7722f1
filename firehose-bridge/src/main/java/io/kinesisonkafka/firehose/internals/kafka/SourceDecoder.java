package io.kinesisonkafka.firehose.internals.kafka;

import io.kinesisonkafka.aggregation.CorruptAggregateException;
import io.kinesisonkafka.aggregation.Deaggregator;
import io.kinesisonkafka.aggregation.UserRecord;
import io.kinesisonkafka.firehose.internals.delivery.BufferedRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Turns a Kafka record of a source into the records delivery sees. */
@FunctionalInterface
public interface SourceDecoder {
  List<BufferedRecord> decode(ConsumerRecord<byte[], byte[]> record);

  /** DirectPut and plain Kafka topics: the value is the data. */
  SourceDecoder PLAIN =
      r ->
          List.of(
              new BufferedRecord(
                  r.partition(),
                  r.offset(),
                  0,
                  r.timestamp(),
                  r.value() == null ? new byte[0] : r.value()));

  /**
   * A Kinesis stream's topic: KPL aggregates become their user records, as Firehose de-aggregates
   * before transformation; a corrupt aggregate is delivered as it is, as the KCL does.
   */
  SourceDecoder KINESIS =
      r -> {
        byte[] data = r.value() == null ? new byte[0] : r.value();
        if (!Deaggregator.isAggregated(data)) {
          return PLAIN.decode(r);
        }
        String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
        try {
          List<UserRecord> users = Deaggregator.deaggregate(key, data);
          List<BufferedRecord> out = new ArrayList<>(users.size());
          for (UserRecord u : users) {
            out.add(
                new BufferedRecord(
                    r.partition(),
                    r.offset(),
                    (int) u.subSequenceNumber(),
                    r.timestamp(),
                    u.data()));
          }
          return out;
        } catch (CorruptAggregateException e) {
          return PLAIN.decode(r);
        }
      };
}
