package io.kinesisonkafka.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A handler the daemon loads by name (no-argument constructor): appends {@code eventID data} per
 * record to the file named by the system property {@code lambda.test.out}, flushed before it
 * returns, so what is in the file was processed.
 */
public final class AppendingHandler implements RequestHandler<KinesisEvent, Void> {
  private static final Object LOCK = new Object();

  @Override
  public Void handleRequest(KinesisEvent event, Context context) {
    StringBuilder lines = new StringBuilder();
    for (KinesisEventRecord r : event.getRecords()) {
      lines.append(r.getEventID()).append(' ').append(Invocations.data(r)).append('\n');
    }
    synchronized (LOCK) {
      try (FileOutputStream out =
          new FileOutputStream(System.getProperty("lambda.test.out"), true)) {
        out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
        out.getFD().sync();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return null;
  }
}
