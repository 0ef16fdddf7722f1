package io.kinesisonkafka.adapter.server.http;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * The API handler of the transport tests: answers by path, and hands the tests what they need to
 * drive (streaming responses held open, requests started).
 *
 * <ul>
 *   <li>{@code /echo}: the body back, the request described in x- headers
 *   <li>{@code /length}: "length:crc32" of the body
 *   <li>{@code /slow?ms=N}: answers after N ms from another thread
 *   <li>{@code /throw}: throws
 *   <li>{@code /stream?frames=N}: N frames "frame-i\n", honouring back-pressure
 *   <li>{@code /hold}: a streaming response with one frame, then left open in {@link #held}
 * </ul>
 */
final class TestApi implements ApiHandler, AutoCloseable {
  final ScheduledExecutorService executor =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "test-api");
            t.setDaemon(true);
            return t;
          });
  final BlockingQueue<StreamingResponse> held = new LinkedBlockingQueue<>();
  final BlockingQueue<ApiRequest> slowStarted = new LinkedBlockingQueue<>();
  volatile CountDownLatch slowGate;

  @Override
  public void handle(ApiRequest request, ApiResponder responder) {
    Map<String, String> headers = describe(request);
    switch (request.path()) {
      case "/echo" -> responder.respond(200, headers, request.body());
      case "/length" -> {
        CRC32 crc = new CRC32();
        crc.update(request.body());
        responder.respond(200, headers, ascii(request.body().length + ":" + crc.getValue()));
      }
      case "/slow" -> {
        long ms = Long.parseLong(query(request, "ms", "200"));
        slowStarted.add(request);
        executor.schedule(
            () -> responder.respond(200, headers, ascii("slow " + query(request, "id", ""))),
            ms,
            TimeUnit.MILLISECONDS);
      }
      case "/throw" -> throw new IllegalStateException("boom \"quoted\"");
      case "/stream" -> stream(responder.stream(200, headers), frames(request));
      case "/hold" -> {
        StreamingResponse s = responder.stream(200, headers);
        s.write(ascii("hello\n"));
        held.add(s);
      }
      default -> responder.respond(404, headers, ascii("no such test path"));
    }
  }

  private static int frames(ApiRequest request) {
    return Integer.parseInt(query(request, "frames", "10"));
  }

  /** Writes frames while writable, resumes on onWritable, ends after the last. */
  static void stream(StreamingResponse s, int frames) {
    int[] next = {0};
    Runnable[] pump = new Runnable[1];
    pump[0] =
        () -> {
          while (next[0] < frames && s.isWritable()) {
            s.write(frame(next[0]++));
          }
          if (next[0] < frames) {
            if (!s.isClosed()) {
              s.onWritable(pump[0]);
            }
          } else {
            s.end();
          }
        };
    pump[0].run();
  }

  static byte[] frame(int i) {
    return ascii("frame-" + i + "\n");
  }

  static String query(ApiRequest request, String name, String otherwise) {
    for (String pair : request.query().split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    return otherwise;
  }

  private static Map<String, String> describe(ApiRequest request) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/octet-stream");
    headers.put("x-protocol", request.protocol());
    headers.put("x-tls", String.valueOf(request.tls()));
    headers.put("x-remote", request.remoteAddress());
    headers.put("x-method", request.method());
    headers.put("x-query", request.query());
    headers.put("x-host", String.valueOf(request.header("host")));
    return headers;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
