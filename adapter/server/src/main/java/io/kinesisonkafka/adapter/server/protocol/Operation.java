package io.kinesisonkafka.adapter.server.protocol;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One API operation. Runs on an API worker thread (it may block on the engine); validation and
 * engine failures are thrown as {@link io.kinesisonkafka.adapter.errors.KinesisException}s and
 * become the AWS error shape. An operation that streams its reply (SubscribeToShard) answers
 * through {@link Call#stream} itself and completes with {@link Reply#STREAMED}.
 */
@FunctionalInterface
public interface Operation {
  CompletionStage<Reply> invoke(Input input, Call call);

  /**
   * Whether the operation reads its body itself ({@link Input#putRecords()}) rather than from a
   * tree parsed before it runs. Its input is then parsed on first use, with the same errors.
   */
  default boolean readsBodyLazily() {
    return false;
  }

  /** {@code op}, marked as reading its body itself ({@link #readsBodyLazily()}). */
  static Operation lazyBody(Operation op) {
    return new Operation() {
      @Override
      public CompletionStage<Reply> invoke(Input input, Call call) {
        return op.invoke(input, call);
      }

      @Override
      public boolean readsBodyLazily() {
        return true;
      }
    };
  }

  /** An operation whose reply is ready when it returns. */
  static Operation sync(SyncOperation op) {
    return (input, call) -> CompletableFuture.completedFuture(Reply.of(op.invoke(input)));
  }

  /** The body of a synchronous operation. */
  @FunctionalInterface
  interface SyncOperation {
    Body invoke(Input input);
  }

  /** What an operation answers: a body to send, or nothing because it streamed its reply. */
  record Reply(Body body) {
    public static final Reply STREAMED = new Reply(null);

    public static Reply of(Body body) {
      return new Reply(body);
    }
  }
}
