package io.kinesisonkafka.adapter.server.operations;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.kinesisonkafka.adapter.catalog.HashKeys;
import io.kinesisonkafka.adapter.catalog.ShardView;
import io.kinesisonkafka.adapter.model.GetRecordsResult;
import io.kinesisonkafka.adapter.model.PutRecordResult;
import io.kinesisonkafka.adapter.model.PutRecordsEntry;
import io.kinesisonkafka.adapter.model.PutRecordsResult;
import io.kinesisonkafka.adapter.model.PutRecordsResultEntry;
import io.kinesisonkafka.adapter.model.Record;
import io.kinesisonkafka.adapter.server.protocol.Input;
import io.kinesisonkafka.adapter.server.protocol.PutInput;
import io.kinesisonkafka.adapter.server.protocol.Replies;
import io.kinesisonkafka.adapter.server.protocol.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Runs the server's own per-record work of PutRecords and GetRecords on synthetic calls before the
 * port opens, so that the JIT has compiled it when the first clients come: a server started cold
 * and loaded at once otherwise spends its first seconds interpreting and compiling this code while
 * serving (the first 100,000 records ran at a quarter of the steady rate). It reads PutRecords
 * bodies in CBOR and JSON with the operations' own reader, hashes the partition keys, numbers and
 * writes the answers, and writes GetRecords answers, through the same code the operations use. It
 * touches neither Kafka nor the engine's state.
 */
public final class StartupWarmup {
  private static final int BATCH = 500;
  private static final int RECORD_BYTES = 1024;
  private static final BigInteger MAX_HASH_KEY =
      BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  private StartupWarmup() {}

  /**
   * Works through about {@code records} synthetic records, each read from a PutRecords body,
   * answered and written again in a GetRecords answer.
   *
   * @return the number of records worked through
   */
  public static long run(long records) {
    if (records <= 0) {
      return 0;
    }
    SplittableRandom random = new SplittableRandom(18);
    byte[] cbor = putRecordsBody(WireFormat.CBOR, "warm-up", BATCH, RECORD_BYTES, random);
    byte[] json = putRecordsBody(WireFormat.JSON, "warm-up", BATCH, RECORD_BYTES, random);
    long nowSeconds = Instant.now().getEpochSecond();
    ShardView[] shards = new ShardView[4];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = ShardView.detached(i, List.of(), BigInteger.ZERO, MAX_HASH_KEY, nowSeconds, -1);
    }
    HashKeys.Hasher hasher = HashKeys.hasher();
    long done = 0;
    long sink = 0;
    for (int round = 0; done < records; round++) {
      // Mostly CBOR, what the SDKs send; JSON now and then (the CLI, other SDKs).
      WireFormat format = round % 8 == 7 ? WireFormat.JSON : WireFormat.CBOR;
      PutInput put = Input.lazy(format == WireFormat.CBOR ? cbor : json, format).putRecords();
      List<PutRecordsResultEntry> answers = new ArrayList<>(put.records().size());
      List<Record> read = new ArrayList<>(put.records().size());
      long millis = System.currentTimeMillis();
      long offset = (long) round * BATCH;
      for (PutRecordsEntry entry : put.records()) {
        byte[] key = entry.partitionKey().getBytes(StandardCharsets.UTF_8);
        hasher.hash(key);
        ShardView shard = shards[(int) (hasher.low() & 3)];
        String sequenceNumber = shard.sequenceNumber(offset++, millis);
        answers.add(
            PutRecordsResultEntry.success(new PutRecordResult(shard.shardId(), sequenceNumber)));
        read.add(
            new Record(
                sequenceNumber, Instant.ofEpochMilli(millis), entry.data(), entry.partitionKey()));
      }
      sink +=
          Replies.body(format, RecordOperations.putRecordsAnswer(PutRecordsResult.of(answers)))
              .length;
      sink +=
          Replies.body(
                  format,
                  RecordOperations.getRecordsAnswer(
                      new GetRecordsResult(read, "iterator", 0, List.of())))
              .length;
      done += put.records().size();
    }
    if (sink == 0) {
      throw new IllegalStateException("warm-up wrote nothing");
    }
    return done;
  }

  /**
   * A PutRecords body as the SDKs write it: {@code records} records of random data under random
   * UUID keys.
   *
   * @param format CBOR (data as byte strings) or JSON (base64)
   * @param stream the StreamName member
   * @param records how many records
   * @param recordBytes each record's data size
   * @param random where the data and keys come from
   * @return the body
   */
  public static byte[] putRecordsBody(
      WireFormat format, String stream, int records, int recordBytes, SplittableRandom random) {
    ObjectMapper mapper =
        format == WireFormat.CBOR ? new ObjectMapper(new CBORFactory()) : new ObjectMapper();
    ByteArrayOutputStream out = new ByteArrayOutputStream(records * (recordBytes + 64));
    try (JsonGenerator gen = mapper.getFactory().createGenerator(out)) {
      gen.writeStartObject();
      gen.writeStringField("StreamName", stream);
      gen.writeArrayFieldStart("Records");
      for (int i = 0; i < records; i++) {
        byte[] data = new byte[recordBytes];
        random.nextBytes(data);
        gen.writeStartObject();
        gen.writeFieldName("Data");
        if (format == WireFormat.CBOR) {
          gen.writeBinary(data);
        } else {
          gen.writeString(Base64.getEncoder().encodeToString(data));
        }
        gen.writeStringField(
            "PartitionKey", new UUID(random.nextLong(), random.nextLong()).toString());
        gen.writeEndObject();
      }
      gen.writeEndArray();
      gen.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
