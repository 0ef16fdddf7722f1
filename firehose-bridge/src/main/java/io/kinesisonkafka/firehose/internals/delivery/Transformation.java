package io.kinesisonkafka.firehose.internals.delivery;

import io.kinesisonkafka.firehose.RecordTransformer;
import io.kinesisonkafka.firehose.RecordTransformer.Result;
import io.kinesisonkafka.firehose.RecordTransformer.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a batch through a transformer in invocations of at most 1 MiB (Firehose's default
 * transformation buffer), retrying a failed invocation, and sorts the outcome: records to deliver,
 * and records that failed with why.
 */
public final class Transformation {
  static final long INVOCATION_BYTES = 1024 * 1024;

  private final String stream;
  private final RecordTransformer transformer;
  private final int numberOfRetries;

  /** The outcome of one batch. */
  public record Outcome(
      List<BufferedRecord> ok, int dropped, List<Failure> failed, int invocations) {}

  /** A record that goes under the error prefix, with the Firehose error code. */
  public record Failure(
      BufferedRecord record, int attemptsMade, String errorCode, String errorMessage) {}

  public Transformation(String stream, RecordTransformer transformer, int numberOfRetries) {
    this.stream = stream;
    this.transformer = transformer;
    this.numberOfRetries = numberOfRetries;
  }

  public Outcome apply(List<BufferedRecord> records) {
    List<BufferedRecord> ok = new ArrayList<>(records.size());
    List<Failure> failed = new ArrayList<>();
    int dropped = 0;
    int invocations = 0;
    int start = 0;
    while (start < records.size()) {
      int end = start;
      long bytes = 0;
      while (end < records.size()
          && (end == start || bytes + size(records.get(end)) <= INVOCATION_BYTES)) {
        bytes += size(records.get(end));
        end++;
      }
      List<BufferedRecord> chunk = records.subList(start, end);
      invocations++;
      dropped += invoke(chunk, ok, failed);
      start = end;
    }
    return new Outcome(ok, dropped, failed, invocations);
  }

  private static long size(BufferedRecord r) {
    return r.data().length;
  }

  private int invoke(List<BufferedRecord> chunk, List<BufferedRecord> ok, List<Failure> failed) {
    List<RecordTransformer.Record> input = new ArrayList<>(chunk.size());
    for (BufferedRecord r : chunk) {
      input.add(new RecordTransformer.Record(r.recordId(), r.arrivalMillis(), r.data()));
    }
    RecordTransformer.Request request = new RecordTransformer.Request(stream, input);
    String lastError = null;
    for (int attempt = 1; attempt <= numberOfRetries + 1; attempt++) {
      try {
        Map<String, Result> byId = answers(chunk, transformer.transform(request));
        int dropped = 0;
        for (BufferedRecord r : chunk) {
          Result result = byId.get(r.recordId());
          if (result.status() == Status.OK) {
            ok.add(
                new BufferedRecord(
                    r.partition(),
                    r.offset(),
                    r.subSequence(),
                    r.arrivalMillis(),
                    result.data() == null ? new byte[0] : result.data()));
          } else if (result.status() == Status.DROPPED) {
            dropped++;
          } else {
            failed.add(
                new Failure(
                    r,
                    attempt,
                    "Lambda.ProcessingFailedStatus",
                    "The transformation returned ProcessingFailed for this record."));
          }
        }
        return dropped;
      } catch (RuntimeException e) {
        lastError = e.getMessage() == null ? e.toString() : e.getMessage();
      }
    }
    for (BufferedRecord r : chunk) {
      failed.add(new Failure(r, numberOfRetries + 1, "Lambda.FunctionError", lastError));
    }
    return 0;
  }

  private static Map<String, Result> answers(List<BufferedRecord> chunk, List<Result> results) {
    if (results == null || results.size() != chunk.size()) {
      throw new IllegalStateException(
          "Invalid output structure: expected "
              + chunk.size()
              + " records, got "
              + (results == null ? 0 : results.size()));
    }
    Map<String, Result> byId = new HashMap<>();
    for (Result r : results) {
      byId.put(r.recordId(), r);
    }
    for (BufferedRecord r : chunk) {
      if (!byId.containsKey(r.recordId())) {
        throw new IllegalStateException("Missing recordId " + r.recordId() + " in the output");
      }
    }
    return byId;
  }
}
