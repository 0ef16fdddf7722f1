package io.kinesisonkafka.firehose.internals.delivery;

/**
 * One record read from a source, as delivery sees it. A KPL aggregate read from a Kinesis stream
 * gives several, with the same offset and increasing sub-sequence numbers.
 *
 * @param partition the source partition
 * @param offset its offset there
 * @param subSequence its index in its aggregate; 0 when not aggregated
 * @param arrivalMillis when it arrived (the Kafka record's timestamp)
 * @param data its bytes
 */
public record BufferedRecord(
    int partition, long offset, int subSequence, long arrivalMillis, byte[] data) {

  /** The id a transformation sees: unique in the delivery stream, the same on every replay. */
  public String recordId() {
    return partition + "-" + offset + "-" + subSequence;
  }
}
