package io.kinesisonkafka.adapter.server.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming response body over one Netty channel: the connection for HTTP/1.1 (chunks), the
 * stream's child channel for HTTP/2 (DATA frames). Writability is the channel's: for HTTP/2 it
 * reflects the stream's flow-control window as well as the connection's socket buffer.
 *
 * <p>Writes go straight to {@link Channel#writeAndFlush}, which is thread-safe, keeps the order of
 * writes made by one thread and counts the bytes against the channel's write-buffer water marks at
 * once, so {@link #isWritable()} is right even for writes from foreign threads. A writer that
 * ignores {@code isWritable()} is not refused: its bytes queue in Netty's outbound buffer (and, for
 * HTTP/2, in the stream's flow-control queue) until the peer takes them or goes away. That memory
 * is the writer's responsibility; the transport itself queues nothing else.
 *
 * <p>Callbacks: {@code onWritable} callbacks run on the channel's event loop; {@code onClosed}
 * callbacks run on the thread that closed the stream (the event loop when the peer went away), or
 * at once on the caller's thread when it is closed already.
 */
abstract class ChannelStreamingResponse implements StreamingResponse {
  private static final Logger log = LoggerFactory.getLogger(ChannelStreamingResponse.class);

  final Channel channel;
  private final InFlight inFlight;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Queue<Runnable> writableCallbacks = new ConcurrentLinkedQueue<>();
  private final Queue<Runnable> closedCallbacks = new ConcurrentLinkedQueue<>();
  private final ChannelFutureListener closeListener = f -> closedByPeer();
  private volatile ChannelFuture endFuture;

  ChannelStreamingResponse(Channel channel, InFlight inFlight) {
    this.channel = channel;
    this.inFlight = inFlight;
    inFlight.streamOpened(this);
    // Also covers a stream started after its channel closed: the listener runs at once.
    channel.closeFuture().addListener(closeListener);
  }

  /** The message that carries one piece of the body. */
  abstract Object content(ByteBuf bytes);

  /** The message that ends the body. */
  abstract Object lastContent();

  /** Called once after {@link #end()} wrote the end of the body. */
  void ended() {}

  @Override
  public CompletableFuture<Void> write(byte[] bytes) {
    CompletableFuture<Void> written = new CompletableFuture<>();
    if (closed.get()) {
      written.completeExceptionally(new IllegalStateException("The stream is closed"));
      return written;
    }
    channel
        .writeAndFlush(content(Unpooled.wrappedBuffer(bytes)))
        .addListener(
            f -> {
              if (f.isSuccess()) {
                written.complete(null);
              } else {
                written.completeExceptionally(f.cause());
              }
            });
    return written;
  }

  @Override
  public boolean isWritable() {
    return !closed.get() && channel.isActive() && channel.isWritable();
  }

  @Override
  public void onWritable(Runnable callback) {
    writableCallbacks.add(callback);
    // Always through the event loop, never inline: a callback that writes and registers itself
    // again must not recurse.
    try {
      channel.eventLoop().execute(this::writabilityChanged);
    } catch (RejectedExecutionException e) {
      writableCallbacks.clear(); // the server is shut down; onClosed tells the writer
    }
  }

  /** On the event loop: the channel's writability may have changed. */
  void writabilityChanged() {
    if (closed.get()) {
      writableCallbacks.clear();
      return;
    }
    // Only the callbacks present now: one that registers again waits for its own turn.
    for (int n = writableCallbacks.size(); n > 0 && channel.isWritable(); n--) {
      Runnable callback = writableCallbacks.poll();
      if (callback == null) {
        break;
      }
      run(callback);
    }
  }

  @Override
  public void end() {
    endAndFlush();
  }

  /** Ends the body; the future completes when the end was written (null if closed before). */
  ChannelFuture endAndFlush() {
    if (closed.compareAndSet(false, true)) {
      endFuture = channel.writeAndFlush(lastContent());
      closedNow();
      ended();
    }
    return endFuture;
  }

  /** The peer reset the stream or the connection went away. */
  void closedByPeer() {
    if (closed.compareAndSet(false, true)) {
      closedNow();
    }
  }

  @Override
  public void onClosed(Runnable callback) {
    closedCallbacks.add(callback);
    if (closed.get()) {
      runClosedCallbacks();
    }
  }

  @Override
  public boolean isClosed() {
    return closed.get();
  }

  private void closedNow() {
    // An HTTP/1.1 connection outlives its responses: leave no listener per response behind.
    channel.closeFuture().removeListener(closeListener);
    inFlight.streamClosed(this);
    writableCallbacks.clear();
    runClosedCallbacks();
  }

  private void runClosedCallbacks() {
    for (Runnable r = closedCallbacks.poll(); r != null; r = closedCallbacks.poll()) {
      run(r);
    }
  }

  private static void run(Runnable callback) {
    try {
      callback.run();
    } catch (RuntimeException | Error e) {
      log.warn("A streaming response callback failed", e);
    }
  }
}
