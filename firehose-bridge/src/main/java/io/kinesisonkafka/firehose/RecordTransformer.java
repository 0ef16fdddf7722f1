package io.kinesisonkafka.firehose;

import java.util.List;
import java.util.Objects;

/**
 * Transforms a batch of records before delivery, as a Firehose transformation Lambda does.
 *
 * <p><b>Contract.</b> Answer one {@link Result} per input record, with the same {@code recordId}:
 * {@link Status#OK} delivers the result's data, {@link Status#DROPPED} leaves the record out, and
 * {@link Status#PROCESSING_FAILED} writes the original record under the error output prefix ({@code
 * processing-failed}). A missing or unknown {@code recordId}, or an exception, fails the
 * invocation; it is retried {@link Processing#numberOfRetries()} times, then every record of the
 * batch counts as failed.
 *
 * <p><b>Thread.</b> Called on the delivery stream's delivery thread, one batch at a time; a
 * transformer shared by several delivery streams is called concurrently.
 *
 * <p><b>Replays.</b> A batch that is delivered again after a restart is transformed again; a
 * transformer that answers the same for the same input keeps the delivered objects identical.
 */
@FunctionalInterface
public interface RecordTransformer {

  /**
   * @param request the records of one batch and the delivery stream they come from
   * @return one result per record
   */
  List<Result> transform(Request request);

  /** What one call transforms; grows without breaking implementations. */
  record Request(String deliveryStreamName, List<Record> records) {
    public Request {
      records = List.copyOf(records);
    }
  }

  /**
   * One record to transform.
   *
   * @param recordId identifies it in the answer
   * @param approximateArrivalTimestamp when it arrived, in epoch milliseconds
   * @param data its bytes
   */
  record Record(String recordId, long approximateArrivalTimestamp, byte[] data) {}

  /** Firehose's {@code result} values. */
  enum Status {
    OK("Ok"),
    DROPPED("Dropped"),
    PROCESSING_FAILED("ProcessingFailed");

    private final String wireName;

    Status(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /** The status of a wire name, or null for one Firehose does not know. */
    public static Status ofWireName(String name) {
      for (Status s : values()) {
        if (s.wireName.equals(name)) {
          return s;
        }
      }
      return null;
    }
  }

  /**
   * The answer for one record.
   *
   * @param recordId the input record's id
   * @param status what to do with it
   * @param data the transformed bytes (for {@link Status#OK}; ignored otherwise)
   */
  record Result(String recordId, Status status, byte[] data) {
    public Result {
      Objects.requireNonNull(recordId, "recordId");
      Objects.requireNonNull(status, "status");
    }

    public static Result ok(String recordId, byte[] data) {
      return new Result(recordId, Status.OK, Objects.requireNonNull(data, "data"));
    }

    public static Result dropped(String recordId) {
      return new Result(recordId, Status.DROPPED, null);
    }

    public static Result failed(String recordId) {
      return new Result(recordId, Status.PROCESSING_FAILED, null);
    }
  }
}
