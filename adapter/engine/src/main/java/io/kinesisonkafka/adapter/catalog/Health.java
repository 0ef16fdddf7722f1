package io.kinesisonkafka.adapter.catalog;

import java.util.Objects;

/**
 * How a component that depends on Kafka is doing, in the three states an operator acts on
 * differently:
 *
 * <ul>
 *   <li>{@link Status#SERVING}: it works; a readiness probe should pass.
 *   <li>{@link Status#WAITING}: Kafka (or the part of it the component needs) cannot be reached
 *       right now; requests fail fast with a retriable error, and the component keeps retrying by
 *       itself and serves again once Kafka is back. Take it out of rotation, do not restart it.
 *   <li>{@link Status#FAILED}: it cannot continue (a thread died of an error it cannot recover
 *       from, or the catalog log went backwards); only a restart helps. A liveness probe should
 *       fail.
 * </ul>
 *
 * <p>Values are immutable. {@link #worst(Health)} combines the health of several parts.
 *
 * @param status the state
 * @param detail for an operator: what is wrong and since when; empty while serving
 */
public record Health(Status status, String detail) {

  /** The states; later constants are worse. */
  public enum Status {
    /** Working. */
    SERVING,
    /** Kafka is unreachable; retrying by itself. */
    WAITING,
    /** Cannot continue; restart the process. */
    FAILED
  }

  private static final Health SERVING = new Health(Status.SERVING, "");

  /**
   * Checks the components.
   *
   * @param status the state
   * @param detail what is wrong; empty while serving
   * @throws NullPointerException if one is null
   */
  public Health {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
  }

  /**
   * The health of a working component.
   *
   * @return a {@link Status#SERVING} value with an empty detail
   */
  public static Health serving() {
    return SERVING;
  }

  /**
   * The health of a component waiting for Kafka.
   *
   * @param detail what it waits for, and since when
   * @return a {@link Status#WAITING} value
   */
  public static Health waiting(String detail) {
    return new Health(Status.WAITING, detail);
  }

  /**
   * The health of a component that cannot continue.
   *
   * @param detail why
   * @return a {@link Status#FAILED} value
   */
  public static Health failed(String detail) {
    return new Health(Status.FAILED, detail);
  }

  /**
   * Whether the component works.
   *
   * @return true for {@link Status#SERVING}
   */
  public boolean isServing() {
    return status == Status.SERVING;
  }

  /**
   * Whether only a restart helps.
   *
   * @return true for {@link Status#FAILED}
   */
  public boolean isFailed() {
    return status == Status.FAILED;
  }

  /**
   * The worse of this and another health; the details of both when they are equally bad.
   *
   * @param other another part's health
   * @return the worse value, or one naming both when their statuses are equal and not serving
   */
  public Health worst(Health other) {
    int c = status.compareTo(other.status);
    if (c > 0) {
      return this;
    }
    if (c < 0) {
      return other;
    }
    if (status == Status.SERVING || other.detail.isEmpty() || detail.equals(other.detail)) {
      return this;
    }
    return new Health(status, detail.isEmpty() ? other.detail : detail + "; " + other.detail);
  }
}
