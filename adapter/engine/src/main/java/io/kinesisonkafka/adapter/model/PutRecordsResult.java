package io.kinesisonkafka.adapter.model;

import java.util.List;

/**
 * PutRecords' answer: one entry per request record, in request order.
 *
 * @param failedRecordCount how many entries of {@code records} failed
 * @param records the outcome of each request record, in request order
 */
public record PutRecordsResult(int failedRecordCount, List<PutRecordsResultEntry> records) {
  /**
   * The answer for the given outcomes, counting the failed ones.
   *
   * @param records the outcome of each request record, in request order; copied
   * @return the answer
   */
  public static PutRecordsResult of(List<PutRecordsResultEntry> records) {
    int failed = 0;
    for (PutRecordsResultEntry entry : records) {
      if (entry.failed()) {
        failed++;
      }
    }
    return new PutRecordsResult(failed, List.copyOf(records));
  }
}
