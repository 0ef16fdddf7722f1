package io.kinesisonkafka.consumer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * A worker for {@link FailoverIT}, run in a child JVM so the test can SIGKILL it: prints one line
 * per event on stdout ({@code I|R|c|C|E worker shardId [key value] nanoTime}: initialized, record,
 * checkpointing, checkpointed, ended) and checkpoints every nth batch; a line {@code hold} on stdin
 * stops its checkpoints after batches (acknowledged by a line {@code H worker}), so that the test
 * knows what a kill leaves to be processed again.
 */
public final class FailoverWorkerMain {
  /** Set in the child JVM once it was told to hold its checkpoints. */
  static boolean holding; // guarded by FailoverWorkerMain.class

  private FailoverWorkerMain() {}

  /** Args: bootstrap servers, namespace, application, stream, worker id, checkpoint every n. */
  public static void main(String[] args) throws Exception {
    SchedulerConfig config =
        TestStreams.schedulerConfig(args[0], args[1], args[2], args[3]).workerId(args[4]).build();
    Consumer<String> out =
        line -> {
          synchronized (System.out) {
            System.out.println(line);
            System.out.flush();
          }
        };
    Thread commands =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                for (String s; (s = in.readLine()) != null; ) {
                  if (s.equals("hold")) {
                    synchronized (FailoverWorkerMain.class) {
                      holding = true;
                      out.accept("H " + args[4]);
                    }
                  }
                }
              } catch (IOException e) {
                // the test is gone
              }
            },
            "commands");
    commands.setDaemon(true);
    commands.start();
    Scheduler scheduler = Scheduler.start(config, factory(args[4], Integer.parseInt(args[5]), out));
    Thread.sleep(Long.MAX_VALUE);
    scheduler.close();
  }

  /** Prints what it processes; checkpoints every {@code every}th batch (and at every end). */
  static ShardRecordProcessorFactory factory(String worker, int every, Consumer<String> sink) {
    return () ->
        new ShardRecordProcessor() {
          String shardId;
          int batches;

          @Override
          public void initialize(InitializationInput input) {
            shardId = input.shardId();
            sink.accept("I " + worker + " " + shardId + " " + System.nanoTime());
          }

          @Override
          public void processRecords(ProcessRecordsInput input) {
            StringBuilder lines = new StringBuilder();
            for (KinesisClientRecord r : input.records()) {
              if (lines.length() > 0) {
                lines.append('\n');
              }
              lines
                  .append("R ")
                  .append(worker)
                  .append(' ')
                  .append(shardId)
                  .append(' ')
                  .append(r.partitionKey())
                  .append(' ')
                  .append(new String(r.dataBytes(), StandardCharsets.UTF_8))
                  .append(' ')
                  .append(System.nanoTime());
            }
            sink.accept(lines.toString());
            if (++batches % every != 0) {
              return;
            }
            // A checkpoint begun is printed before the hold's acknowledgement, or not begun.
            synchronized (FailoverWorkerMain.class) {
              if (holding) {
                return;
              }
              sink.accept("c " + worker + " " + shardId + " " + System.nanoTime());
            }
            try {
              input.checkpointer().checkpoint();
              sink.accept("C " + worker + " " + shardId + " " + System.nanoTime());
            } catch (ConsumerException e) {
              // retriable or lease lost: the records come again from the last checkpoint
            }
          }

          @Override
          public void leaseLost(LeaseLostInput input) {
            sink.accept("E " + worker + " " + shardId + " " + System.nanoTime());
          }

          @Override
          public void shardEnded(ShardEndedInput input) {
            sink.accept("c " + worker + " " + shardId + " " + System.nanoTime());
            input.checkpointer().checkpoint();
            sink.accept("C " + worker + " " + shardId + " " + System.nanoTime());
            sink.accept("E " + worker + " " + shardId + " " + System.nanoTime());
          }

          @Override
          public void shutdownRequested(ShutdownRequestedInput input) {
            sink.accept("c " + worker + " " + shardId + " " + System.nanoTime());
            input.checkpointer().checkpoint();
            sink.accept("C " + worker + " " + shardId + " " + System.nanoTime());
            sink.accept("E " + worker + " " + shardId + " " + System.nanoTime());
          }
        };
  }
}
