package io.kinesisonkafka.bench.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent.KinesisEventRecord;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.LongAdder;

/**
 * The trivial work both sides do per batch: read every record's data once (a checksum), count the
 * records. The Lambda side runs it in a {@code RequestHandler}, the consumer-lib side straight in
 * its processor.
 */
final class TrivialWork {
  final LongAdder records = new LongAdder();
  final LongAdder bytes = new LongAdder();
  volatile long checksum;

  /** System.nanoTime() of the first batch, 0 before: how long the pass took to start. */
  volatile long firstBatchAt;

  void batch(ByteBuffer[] data, int n) {
    if (firstBatchAt == 0) {
      firstBatchAt = System.nanoTime();
    }
    long sum = 0;
    long b = 0;
    for (int i = 0; i < n; i++) {
      ByteBuffer d = data[i];
      b += d.remaining();
      for (int j = d.position(); j < d.limit(); j += 64) {
        sum += d.get(j);
      }
    }
    checksum += sum;
    bytes.add(b);
    records.add(n);
  }

  /** The Lambda function: the same work on the event's records. */
  static final class Handler implements RequestHandler<KinesisEvent, Void> {
    private final TrivialWork work;

    Handler(TrivialWork work) {
      this.work = work;
    }

    @Override
    public Void handleRequest(KinesisEvent event, Context context) {
      ByteBuffer[] data = new ByteBuffer[event.getRecords().size()];
      int i = 0;
      for (KinesisEventRecord r : event.getRecords()) {
        data[i++] = r.getKinesis().getData();
      }
      work.batch(data, i);
      return null;
    }
  }
}
