package io.kinesisonkafka.firehose.internals.delivery;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kinesisonkafka.firehose.ObjectStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

/**
 * Records that could not be delivered, written as one object under the error output prefix in
 * Firehose's error format (one JSON object per line: attemptsMade, arrivalTimestamp, errorCode,
 * errorMessage, attemptEndingTimestamp, rawData, and lambdaArn for {@code processing-failed}). The
 * object's name comes from the batch, as a delivered object's does; its put is retried until
 * stored, since the records exist nowhere else once offsets are committed.
 */
public final class ErrorOutput {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULT_PREFIX = "!{firehose:error-output-type}/";

  private final String stream;
  private final ObjectStore store;
  private final String bucket;
  private final String prefix;
  private final Retrier retrier;
  private final Clock clock;

  ErrorOutput(DeliveryContext context, String bucket, String prefix) {
    this.stream = context.stream();
    this.store = context.store();
    this.bucket = bucket;
    this.prefix = prefix == null ? DEFAULT_PREFIX : prefix;
    this.retrier = context.retrier();
    this.clock = context.clock();
  }

  /**
   * @param type the error output type: {@code processing-failed}, {@code http-endpoint-failed}
   * @param function the transformation's ARN or URL, for {@code processing-failed}; else null
   */
  public void write(
      Batch batch, String type, List<Transformation.Failure> failed, String function) {
    if (failed.isEmpty()) {
      return;
    }
    long seed = Prefixes.seed(stream, batch.partition(), batch.firstOffset());
    String key =
        Prefixes.evaluate(prefix, batch.oldestArrival(), type, seed)
            + Prefixes.objectName(
                stream, batch.partition(), batch.oldestArrival(), batch.firstOffset(), "");
    byte[] content = lines(failed, function);
    retrier.run(() -> store.put(bucket, key, content), () -> {});
  }

  private byte[] lines(List<Transformation.Failure> failed, String function) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long now = clock.millis();
    try {
      for (Transformation.Failure f : failed) {
        try (JsonGenerator g = JSON.createGenerator(out)) {
          g.writeStartObject();
          g.writeNumberField("attemptsMade", f.attemptsMade());
          g.writeNumberField("arrivalTimestamp", f.record().arrivalMillis());
          g.writeStringField("errorCode", f.errorCode());
          g.writeStringField("errorMessage", f.errorMessage());
          g.writeNumberField("attemptEndingTimestamp", now);
          g.writeStringField("rawData", Base64.getEncoder().encodeToString(f.record().data()));
          if (function != null) {
            g.writeStringField("lambdaArn", function);
          } else {
            g.writeNumberField("subsequenceNumber", f.record().subSequence());
            g.writeStringField("dataId", f.record().recordId());
          }
          g.writeEndObject();
        }
        out.write('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
