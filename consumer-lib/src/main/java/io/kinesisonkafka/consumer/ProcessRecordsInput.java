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
 *     milliseconds: its age by the scheduler's clock while there is more to read, 0 when caught up
 * @param checkpointer records progress for this shard
 */
public record ProcessRecordsInput(
    List<KinesisClientRecord> records,
    List<CorruptRecord> corruptRecords,
    long millisBehindLatest,
    RecordProcessorCheckpointer checkpointer) {

  /**
   * Copies the lists and checks the checkpointer.
   *
   * @param records the next user records of the shard, in order
   * @param corruptRecords records that are not sound KPL aggregates
   * @param millisBehindLatest how far behind the newest record of the shard, in milliseconds
   * @param checkpointer records progress for this shard
   * @throws NullPointerException if a list or an element of one, or the checkpointer, is null
   */
  public ProcessRecordsInput {
    records = List.copyOf(records);
    corruptRecords = List.copyOf(corruptRecords);
    Objects.requireNonNull(checkpointer, "checkpointer");
  }
}
