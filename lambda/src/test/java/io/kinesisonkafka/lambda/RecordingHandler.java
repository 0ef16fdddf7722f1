package io.kinesisonkafka.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;

/**
 * A plain Kinesis handler: records what it gets; throws when a record's data starts with "poison";
 * runs past any timeout when one starts with "slow".
 */
public final class RecordingHandler implements RequestHandler<KinesisEvent, Void> {
  private final Invocations log;

  RecordingHandler(Invocations log) {
    this.log = log;
  }

  @Override
  public Void handleRequest(KinesisEvent event, Context context) {
    Invocations.Call call = log.begin(event, context);
    try {
      for (String d : call.data()) {
        if (d.startsWith("poison")) {
          throw new IllegalStateException("cannot process " + d);
        }
        if (d.startsWith("slow")) {
          Thread.sleep(60_000);
        }
      }
      Thread.sleep(Integer.getInteger("handler.sleep.ms", 0));
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } finally {
      log.end();
    }
  }
}
