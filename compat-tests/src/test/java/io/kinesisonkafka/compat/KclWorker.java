package io.kinesisonkafka.compat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.leases.LeaseManagementConfig;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.processor.SingleStreamTracker;
import software.amazon.kinesis.retrieval.RetrievalConfig;

/**
 * One KCL 3.x worker (a {@link Scheduler} on a thread of its own), configured as the KCL's
 * documentation has it with {@link ConfigsBuilder}, with CloudWatch and worker metrics off and
 * timings shortened for a test.
 */
final class KclWorker {
  private final Scheduler scheduler;
  private final Thread thread;

  private KclWorker(Scheduler scheduler, Thread thread) {
    this.scheduler = scheduler;
    this.thread = thread;
  }

  /**
   * Starts a worker reading {@code stream} from TRIM_HORIZON.
   *
   * @param retrieval the retrieval config to use, from the builder's default (enhanced fan-out)
   */
  static KclWorker start(
      String stream,
      String applicationName,
      String workerId,
      KinesisAsyncClient kinesis,
      DynamoDbAsyncClient dynamoDb,
      CloudWatchAsyncClient cloudWatch,
      ConsumptionLog journal,
      Function<ConfigsBuilder, RetrievalConfig> retrieval) {
    return start(
        stream,
        applicationName,
        workerId,
        kinesis,
        dynamoDb,
        cloudWatch,
        LoggingProcessor.factory(journal, workerId),
        retrieval);
  }

  /** Starts a worker running the processors {@code factory} makes. */
  static KclWorker start(
      String stream,
      String applicationName,
      String workerId,
      KinesisAsyncClient kinesis,
      DynamoDbAsyncClient dynamoDb,
      CloudWatchAsyncClient cloudWatch,
      software.amazon.kinesis.processor.ShardRecordProcessorFactory factory,
      Function<ConfigsBuilder, RetrievalConfig> retrieval) {
    ConfigsBuilder configs =
        new ConfigsBuilder(
            new SingleStreamTracker(
                stream,
                InitialPositionInStreamExtended.newInitialPosition(
                    InitialPositionInStream.TRIM_HORIZON)),
            applicationName,
            kinesis,
            dynamoDb,
            cloudWatch,
            workerId,
            factory);
    LeaseManagementConfig leases =
        configs
            .leaseManagementConfig()
            .failoverTimeMillis(3_000)
            .leaseAssignmentIntervalMillis(1_000L)
            .shardSyncIntervalMillis(1_000);
    // A worker that stops reporting is taken for dead after two reporting periods (default 30 s):
    // until then the leader hands leases over to a worker that has gone.
    leases
        .workerUtilizationAwareAssignmentConfig()
        .disableWorkerMetrics(true)
        .workerMetricsReporterFreqInMillis(1_000);
    Scheduler scheduler =
        new Scheduler(
            configs.checkpointConfig(),
            configs.coordinatorConfig().parentShardPollIntervalMillis(500),
            leases,
            configs.lifecycleConfig(),
            configs
                .metricsConfig()
                .metricsLevel(MetricsLevel.NONE)
                .metricsFactory(new NullMetricsFactory()),
            configs.processorConfig(),
            retrieval.apply(configs));
    Thread thread = new Thread(scheduler, "kcl-" + workerId);
    thread.setDaemon(true);
    thread.start();
    return new KclWorker(scheduler, thread);
  }

  /**
   * Shuts down as an application should: processors get {@code shutdownRequested} and may
   * checkpoint, then leases are released. Falls back to the abrupt shutdown after {@code timeout}.
   */
  void stopGracefully(Duration timeout) throws InterruptedException {
    try {
      scheduler.startGracefulShutdown().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      scheduler.shutdown();
    }
    thread.join(timeout.toMillis());
  }

  /** Workers a test started, shut down abruptly at its end if the test did not stop them. */
  static final class Group implements AutoCloseable {
    private final List<KclWorker> workers = new ArrayList<>();

    KclWorker add(KclWorker worker) {
      workers.add(worker);
      return worker;
    }

    @Override
    public void close() throws InterruptedException {
      for (KclWorker worker : workers) {
        if (worker.thread.isAlive()) {
          worker.scheduler.shutdown();
          worker.thread.join(10_000);
        }
      }
    }
  }
}
