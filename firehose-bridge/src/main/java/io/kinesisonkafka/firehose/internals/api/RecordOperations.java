package io.kinesisonkafka.firehose.internals.api;

import static io.kinesisonkafka.firehose.FirehoseErrorCode.INVALID_ARGUMENT;

import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.server.protocol.Body;
import io.kinesisonkafka.adapter.server.protocol.Input;
import io.kinesisonkafka.adapter.server.protocol.Operation;
import io.kinesisonkafka.firehose.FirehoseBridge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * PutRecord and PutRecordBatch. They answer when Kafka acknowledged the records, without holding an
 * API thread while they wait.
 */
public final class RecordOperations {
  private final FirehoseBridge bridge;

  public RecordOperations(FirehoseBridge bridge) {
    this.bridge = bridge;
  }

  public Map<String, Operation> operations() {
    Map<String, Operation> ops = new LinkedHashMap<>();
    ops.put("PutRecord", (in, call) -> putRecord(in));
    ops.put("PutRecordBatch", (in, call) -> putRecordBatch(in));
    return ops;
  }

  private CompletableFuture<Operation.Reply> putRecord(Input in) {
    String name = Requests.name(in);
    Input record = in.object("Record");
    byte[] data = record == null ? null : record.blob("Data");
    if (data == null) {
      throw INVALID_ARGUMENT.exception(
          "1 validation error detected: Value null at 'record.data' failed to satisfy constraint:"
              + " Member must not be null");
    }
    return bridge
        .putRecord(name, data)
        .thenApply(
            id -> Operation.Reply.of(out -> out.string("RecordId", id).bool("Encrypted", false)));
  }

  private CompletableFuture<Operation.Reply> putRecordBatch(Input in) {
    String name = Requests.name(in);
    List<Input> records = in.objects("Records");
    if (records == null) {
      throw INVALID_ARGUMENT.exception(
          "1 validation error detected: Value null at 'records' failed to satisfy constraint:"
              + " Member must not be null");
    }
    List<byte[]> data = new ArrayList<>(records.size());
    for (Input r : records) {
      byte[] d = r.blob("Data");
      data.add(d);
    }
    List<CompletableFuture<String>> results = bridge.putRecordBatch(name, data);
    return CompletableFuture.allOf(
            results.stream().map(f -> f.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
        .thenApply(ignored -> Operation.Reply.of(answer(results)));
  }

  private static Body answer(List<CompletableFuture<String>> results) {
    int failed = 0;
    List<String[]> responses = new ArrayList<>(results.size());
    for (CompletableFuture<String> f : results) {
      try {
        responses.add(new String[] {f.join(), null, null});
      } catch (CompletionException e) {
        failed++;
        Throwable cause = e.getCause();
        String code =
            cause instanceof KinesisException k
                ? k.code().wireName()
                : "ServiceUnavailableException";
        responses.add(new String[] {null, code, cause.getMessage()});
      }
    }
    int failedCount = failed;
    return out ->
        out.number("FailedPutCount", failedCount)
            .bool("Encrypted", false)
            .objects(
                "RequestResponses",
                responses,
                (o, r) ->
                    o.string("RecordId", r[0])
                        .string("ErrorCode", r[1])
                        .string("ErrorMessage", r[2]));
  }
}
