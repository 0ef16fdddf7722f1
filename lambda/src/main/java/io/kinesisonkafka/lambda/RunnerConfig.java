package io.kinesisonkafka.lambda;

import io.kinesisonkafka.consumer.SchedulerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link LambdaRunner} runs a function: the consumer-lib scheduler it reads with (Kafka,
 * application name = the mapping's consumer group, failover time), and what Lambda's function
 * configuration would hold (timeout, memory). Immutable; make one with {@link #custom()}.
 */
public final class RunnerConfig {
  private final SchedulerConfig scheduler;
  private final Duration functionTimeout;
  private final int memoryLimitMb;
  private final MeterRegistry meterRegistry;
  private final Duration retryBackoff;
  private final Duration maxRetryBackoff;

  private RunnerConfig(Builder b) {
    this.scheduler = b.scheduler;
    this.functionTimeout = b.functionTimeout;
    this.memoryLimitMb = b.memoryLimitMb;
    this.meterRegistry = b.meterRegistry;
    this.retryBackoff = b.retryBackoff;
    this.maxRetryBackoff = b.maxRetryBackoff;
  }

  /**
   * A builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder custom() {
    return new Builder();
  }

  /**
   * The scheduler settings the runner reads with. Its application name is the mapping's identity
   * (its consumer group: checkpoints and leases); the stream, initial position and records per read
   * are replaced by the mapping's.
   *
   * @return the scheduler settings
   */
  public SchedulerConfig scheduler() {
    return scheduler;
  }

  /**
   * The function's timeout (Lambda's {@code Timeout}, default 3 s): an invocation still running
   * after it is an error for the mapping's retry and bisect rules.
   *
   * @return the timeout
   */
  public Duration functionTimeout() {
    return functionTimeout;
  }

  /**
   * What {@code Context.getMemoryLimitInMB()} tells the function (default 128); not enforced.
   *
   * @return megabytes
   */
  public int memoryLimitMb() {
    return memoryLimitMb;
  }

  /**
   * Where the mapping's metrics go (Lambda's names: {@code Invocations}, {@code Errors}, {@code
   * IteratorAge}, ...). Default: a {@link SimpleMeterRegistry} of its own.
   *
   * @return the registry
   */
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  /**
   * The pause before the first retry of a failed batch (default 100 ms); it doubles per retry up to
   * {@link #maxRetryBackoff()}. A bisected half is invoked at once.
   *
   * @return the first pause
   */
  public Duration retryBackoff() {
    return retryBackoff;
  }

  /**
   * The longest pause between retries (default 5 s).
   *
   * @return the longest pause
   */
  public Duration maxRetryBackoff() {
    return maxRetryBackoff;
  }

  /** Builds a {@link RunnerConfig}; {@link #build()} reports every bad setting at once. */
  public static final class Builder {
    private SchedulerConfig scheduler;
    private Duration functionTimeout = Duration.ofSeconds(3);
    private int memoryLimitMb = 128;
    private MeterRegistry meterRegistry;
    private Duration retryBackoff = Duration.ofMillis(100);
    private Duration maxRetryBackoff = Duration.ofSeconds(5);

    private Builder() {}

    /**
     * See {@link RunnerConfig#scheduler()}. Required.
     *
     * @param v the scheduler settings
     * @return this builder
     */
    public Builder scheduler(SchedulerConfig v) {
      scheduler = v;
      return this;
    }

    /**
     * See {@link RunnerConfig#functionTimeout()}; 1 ms .. 900 s.
     *
     * @param v the timeout
     * @return this builder
     */
    public Builder functionTimeout(Duration v) {
      functionTimeout = v;
      return this;
    }

    /**
     * See {@link RunnerConfig#memoryLimitMb()}; 128 .. 10240.
     *
     * @param v megabytes
     * @return this builder
     */
    public Builder memoryLimitMb(int v) {
      memoryLimitMb = v;
      return this;
    }

    /**
     * See {@link RunnerConfig#meterRegistry()}.
     *
     * @param v the registry
     * @return this builder
     */
    public Builder meterRegistry(MeterRegistry v) {
      meterRegistry = v;
      return this;
    }

    /**
     * See {@link RunnerConfig#retryBackoff()}; &gt; 0.
     *
     * @param v the first pause
     * @return this builder
     */
    public Builder retryBackoff(Duration v) {
      retryBackoff = v;
      return this;
    }

    /**
     * See {@link RunnerConfig#maxRetryBackoff()}; at least {@link #retryBackoff(Duration)}.
     *
     * @param v the longest pause
     * @return this builder
     */
    public Builder maxRetryBackoff(Duration v) {
      maxRetryBackoff = v;
      return this;
    }

    /**
     * Checks every setting and makes the configuration.
     *
     * @return the configuration
     * @throws IllegalArgumentException naming every bad setting
     */
    public RunnerConfig build() {
      List<String> problems = new ArrayList<>();
      if (scheduler == null) {
        problems.add("scheduler must be set");
      }
      if (functionTimeout == null
          || functionTimeout.isNegative()
          || functionTimeout.isZero()
          || functionTimeout.compareTo(Duration.ofSeconds(900)) > 0) {
        problems.add("functionTimeout must be in (0, 900s], but was " + functionTimeout);
      }
      if (memoryLimitMb < 128 || memoryLimitMb > 10_240) {
        problems.add("memoryLimitMb must be in [128, 10240], but was " + memoryLimitMb);
      }
      if (retryBackoff == null || retryBackoff.isNegative() || retryBackoff.isZero()) {
        problems.add("retryBackoff must be > 0, but was " + retryBackoff);
      }
      if (maxRetryBackoff == null
          || (retryBackoff != null && maxRetryBackoff.compareTo(retryBackoff) < 0)) {
        problems.add(
            "maxRetryBackoff must be >= retryBackoff ("
                + retryBackoff
                + "), but was "
                + maxRetryBackoff);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(
            "Invalid runner configuration: " + String.join("; ", problems));
      }
      if (meterRegistry == null) {
        meterRegistry = new SimpleMeterRegistry();
      }
      Objects.requireNonNull(scheduler);
      return new RunnerConfig(this);
    }
  }
}
