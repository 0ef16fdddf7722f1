package io.kinesisonkafka.consumer;

import java.util.List;
import java.util.Objects;

/**
 * What {@link ShardRecordProcessor#processRecords} gets.
 *
 * @param records the next user records of the shard in order (KPL aggregates unpacked, each user
 *     record with its sub-sequence number); may be empty only if {@code corruptRecords} is not
 * @param corruptRecords records that claimed to be KPL aggregates but are not sound ones: never
 *     passed on as data; they are reported here (and logged) so the processor decides (alert, dead
 *     letter, ignore). Usually empty.
 * @param millisBehindLatest how far the last record is behind the newest record of the shard, in
 *     milliseconds (0 when caught up)
 * @param checkpointer records progress for this shard
 */
public record ProcessRecordsInput(
    List<KinesisClientRecord> records,
    List<CorruptRecord> corruptRecords,
    long millisBehindLatest,
    RecordProcessorCheckpointer checkpointer) {

  public ProcessRecordsInput {
    records = List.copyOf(records);
    corruptRecords = List.copyOf(corruptRecords);
    Objects.requireNonNull(checkpointer, "checkpointer");
  }
}
