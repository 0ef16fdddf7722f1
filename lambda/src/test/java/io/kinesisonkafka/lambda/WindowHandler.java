package io.kinesisonkafka.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.KinesisTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.TimeWindowEventResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Counts and sums the records of a tumbling window in its state, as AWS's example does. */
public final class WindowHandler
    implements RequestHandler<KinesisTimeWindowEvent, TimeWindowEventResponse> {
  /** One call: the window, the state it got, the records, and whether it was the final one. */
  record Call(
      String start, String end, Map<String, String> stateIn, int records, boolean isFinal) {}

  private final List<Call> calls;

  WindowHandler(List<Call> calls) {
    this.calls = calls;
  }

  static List<Call> log() {
    return new CopyOnWriteArrayList<>();
  }

  @Override
  public TimeWindowEventResponse handleRequest(KinesisTimeWindowEvent event, Context context) {
    Map<String, String> state = new HashMap<>(event.getState());
    calls.add(
        new Call(
            event.getWindow().getStart(),
            event.getWindow().getEnd(),
            Map.copyOf(event.getState()),
            event.getRecords().size(),
            event.getIsFinalInvokeForWindow()));
    long count = Long.parseLong(state.getOrDefault("count", "0"));
    long sum = Long.parseLong(state.getOrDefault("sum", "0"));
    for (KinesisEventRecord r : event.getRecords()) {
      count++;
      sum += Long.parseLong(Invocations.data(r));
    }
    state.put("count", Long.toString(count));
    state.put("sum", Long.toString(sum));
    return new TimeWindowEventResponse(state, List.of());
  }
}
