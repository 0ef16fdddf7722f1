package io.kinesisonkafka.adapter.server.operations;

import static io.kinesisonkafka.adapter.server.protocol.Operation.sync;

import io.kinesisonkafka.adapter.KinesisEngine;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.GetShardIteratorRequest;
import io.kinesisonkafka.adapter.model.PutRecordsResult;
import io.kinesisonkafka.adapter.model.ShardIteratorType;
import io.kinesisonkafka.adapter.server.protocol.Body;
import io.kinesisonkafka.adapter.server.protocol.Input;
import io.kinesisonkafka.adapter.server.protocol.Operation;
import io.kinesisonkafka.adapter.server.protocol.PutInput;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * PutRecord, PutRecords, GetShardIterator, GetRecords. Puts are asynchronous end to end: the worker
 * hands the records to the engine and the reply is written when Kafka acknowledges them, serialized
 * on a worker rather than on Kafka's I/O thread.
 */
final class RecordOperations {
  private final KinesisEngine engine;
  private final Executor workers;

  RecordOperations(KinesisEngine engine, Executor workers) {
    this.engine = engine;
    this.workers = workers;
  }

  Map<String, Operation> operations() {
    Map<String, Operation> ops = new LinkedHashMap<>();
    ops.put("PutRecord", Operation.lazyBody(this::putRecord));
    ops.put("PutRecords", Operation.lazyBody(this::putRecords));
    ops.put("GetShardIterator", sync(this::getShardIterator));
    ops.put("GetRecords", sync(this::getRecords));
    return ops;
  }

  private java.util.concurrent.CompletionStage<Operation.Reply> putRecord(
      Input in, io.kinesisonkafka.adapter.server.protocol.Call call) {
    PutInput put = in.putRecord();
    return engine
        .putRecordAsync(put.stream(), put.records().get(0), put.sequenceNumberForOrdering())
        .thenApply(
            r ->
                Operation.Reply.of(
                    out ->
                        out.string("ShardId", r.shardId())
                            .string("SequenceNumber", r.sequenceNumber())));
  }

  private java.util.concurrent.CompletionStage<Operation.Reply> putRecords(
      Input in, io.kinesisonkafka.adapter.server.protocol.Call call) {
    PutInput put = in.putRecords();
    return engine
        .putRecordsAsync(put.stream(), put.records(), workers)
        .thenApply(result -> Operation.Reply.of(putRecordsAnswer(result)));
  }

  /** PutRecords' answer. */
  static Body putRecordsAnswer(PutRecordsResult result) {
    return Body.sized(
        128L * result.records().size() + 64,
        out ->
            out.number("FailedRecordCount", result.failedRecordCount())
                .objects(
                    "Records",
                    result.records(),
                    (o, e) ->
                        o.string("SequenceNumber", e.sequenceNumber())
                            .string("ShardId", e.shardId())
                            .string("ErrorCode", e.errorCode())
                            .string("ErrorMessage", e.errorMessage())));
  }

  private Body getShardIterator(Input in) {
    String iterator =
        engine.getShardIterator(
            new GetShardIteratorRequest(
                in.stream(),
                in.string("ShardId"),
                Shapes.enumOf(
                    ShardIteratorType.class, "shardIteratorType", in.string("ShardIteratorType")),
                in.string("StartingSequenceNumber"),
                in.timestamp("Timestamp")));
    return out -> out.string("ShardIterator", iterator);
  }

  private Body getRecords(Input in) {
    return getRecordsAnswer(engine.getRecords(in.string("ShardIterator"), in.integer("Limit")));
  }

  /** GetRecords' answer, written into a buffer sized for its records. */
  static Body getRecordsAnswer(GetRecordsResult r) {
    return Body.sized(
        Shapes.recordsSize(r.records()) + 1024,
        out -> {
          out.objects("Records", r.records(), Shapes::record)
              .string("NextShardIterator", r.nextShardIterator())
              .number("MillisBehindLatest", r.millisBehindLatest());
          Shapes.childShards(out, r.childShards());
        });
  }
}
