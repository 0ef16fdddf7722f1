package io.kinesisonkafka.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;

/** Records its batches and takes {@code millis} over each, so that lanes overlap. */
public final class KeyOrderHandler implements RequestHandler<KinesisEvent, String> {
  private final Invocations log;
  private final long millis;

  KeyOrderHandler(Invocations log, long millis) {
    this.log = log;
    this.millis = millis;
  }

  @Override
  public String handleRequest(KinesisEvent event, Context context) {
    log.begin(event, context);
    try {
      Thread.sleep(millis);
      return "done";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } finally {
      log.end();
    }
  }
}
