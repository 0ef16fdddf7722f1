package io.kinesisonkafka.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Throws on "poison", runs past its timeout on "slow", answers a malformed partial-failure response
 * (a null itemIdentifier) on "bad"; succeeds otherwise with an empty answer.
 */
public final class TroubledHandler implements RequestHandler<KinesisEvent, Map<String, Object>> {
  private final Invocations log;

  TroubledHandler(Invocations log) {
    this.log = log;
  }

  @Override
  public Map<String, Object> handleRequest(KinesisEvent event, Context context) {
    Invocations.Call call = log.begin(event, context);
    try {
      Map<String, Object> answer = new HashMap<>();
      for (String d : call.data()) {
        if (d.startsWith("poison")) {
          throw new IllegalStateException("cannot process " + d);
        }
        if (d.startsWith("slow")) {
          Thread.sleep(30_000);
        }
        if (d.startsWith("bad")) {
          Map<String, Object> failure = new HashMap<>();
          failure.put("itemIdentifier", null);
          answer.put("batchItemFailures", List.of(failure));
        }
      }
      return answer;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    } finally {
      log.end();
    }
  }
}
