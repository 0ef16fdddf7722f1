package io.kinesisonkafka.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** What test handlers saw: every invocation, and how many ran at once. */
final class Invocations {
  /** One invocation: its records' data, the event records, and the context's remaining time. */
  record Call(List<String> data, List<KinesisEventRecord> records, int remainingMs, String id) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger running = new AtomicInteger();
  final AtomicInteger maxRunning = new AtomicInteger();

  Call begin(KinesisEvent event, Context context) {
    int now = running.incrementAndGet();
    maxRunning.accumulateAndGet(now, Math::max);
    Call c =
        new Call(
            event.getRecords().stream().map(Invocations::data).toList(),
            List.copyOf(event.getRecords()),
            context.getRemainingTimeInMillis(),
            context.getAwsRequestId());
    calls.add(c);
    return c;
  }

  void end() {
    running.decrementAndGet();
  }

  static String data(KinesisEventRecord r) {
    return StandardCharsets.UTF_8.decode(r.getKinesis().getData().duplicate()).toString();
  }

  /** Every record's data over all calls, in call order. */
  List<String> allData() {
    return calls.stream().flatMap(c -> c.data().stream()).toList();
  }
}
