package io.kinesisonkafka.adapter.server.protocol;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Operations by {@code X-Amz-Target} ({@code Kinesis_20131202.PutRecord}). Other APIs served on the
 * same endpoint (Firehose's {@code Firehose_20150804.*}) plug their operations in here; the server
 * knows nothing of them.
 */
public final class OperationRegistry {
  private final Map<String, Operation> operations = new ConcurrentHashMap<>();
  private volatile java.util.function.BiFunction<String, Operation, Operation> decorator;

  public OperationRegistry register(String target, Operation operation) {
    if (operations.putIfAbsent(target, operation) != null) {
      throw new IllegalArgumentException("operation already registered: " + target);
    }
    return this;
  }

  /** Registers {@code prefix + "." + name} for each entry. */
  public OperationRegistry registerAll(String prefix, Map<String, Operation> byName) {
    byName.forEach((name, op) -> register(prefix + "." + name, op));
    return this;
  }

  public Operation find(String target) {
    Operation op = target == null ? null : operations.get(target);
    java.util.function.BiFunction<String, Operation, Operation> d = decorator;
    return op == null || d == null ? op : d.apply(target, op);
  }

  /**
   * Wraps every operation {@link #find} returns, registered before or after (fault injection).
   *
   * @param decorator given the target and the operation, returns what to run instead
   */
  public void decorate(java.util.function.BiFunction<String, Operation, Operation> decorator) {
    this.decorator = decorator;
  }

  public int size() {
    return operations.size();
  }
}
