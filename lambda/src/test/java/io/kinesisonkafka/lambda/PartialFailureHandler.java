package io.kinesisonkafka.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports a record whose data is {@code fail<n>-...} as a batch item failure the first n times it
 * sees it (highest sequence number first, so the runner must pick the lowest).
 */
public final class PartialFailureHandler
    implements RequestHandler<KinesisEvent, StreamsEventResponse> {
  private final Invocations log;
  private final Map<String, Integer> seen = new ConcurrentHashMap<>();

  PartialFailureHandler(Invocations log) {
    this.log = log;
  }

  @Override
  public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
    log.begin(event, context);
    try {
      List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
      for (KinesisEventRecord r : event.getRecords()) {
        String data = Invocations.data(r);
        int times = seen.merge(data, 1, Integer::sum);
        if (data.startsWith("fail") && times <= data.charAt(4) - '0') {
          failures.add(
              0, new StreamsEventResponse.BatchItemFailure(r.getKinesis().getSequenceNumber()));
        }
      }
      return new StreamsEventResponse(failures);
    } finally {
      log.end();
    }
  }
}
