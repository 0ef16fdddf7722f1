package io.kinesisonkafka.producer;

/**
 * The outcome of a user record added with {@link KinesisProducer#addUserRecord(String, String,
 * byte[], UserRecordCallback)}: for callers that send many records and only need to know when each
 * is acknowledged (a log shipper counting acknowledged source bytes), without a future and a {@link
 * UserRecordResult} per record.
 *
 * <p>Called exactly once per record, on the threads that complete futures (see {@link
 * KinesisProducer}): do not block in it. An exception it throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface UserRecordCallback {

  /**
   * The record's outcome.
   *
   * @param failure null when Kafka acknowledged the record; otherwise the failure, whose {@link
   *     UserRecordFailedException#getResult() result} holds every attempt
   */
  void onCompletion(UserRecordFailedException failure);
}
