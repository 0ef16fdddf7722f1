package io.kinesisonkafka.adapter.server.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every complete request goes, whatever its HTTP version: the operational endpoints ({@code
 * GET /health}, {@code /ready}, {@code /metrics}) are answered here, everything else goes to the
 * {@link ApiHandler}. A handler that throws gets its request answered 500 InternalFailure (unless
 * it answered before throwing). Called on event-loop threads.
 */
final class Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  private static final Map<String, String> PROMETHEUS =
      Map.of("content-type", "text/plain; version=0.0.4; charset=utf-8");

  private final ApiHandler handler;
  private final Endpoints endpoints;

  Dispatcher(ApiHandler handler, Endpoints endpoints) {
    this.handler = handler;
    this.endpoints = endpoints;
  }

  void dispatch(ApiRequest request, Exchange exchange) {
    if ("GET".equals(request.method()) && operational(request.path(), exchange)) {
      return;
    }
    try {
      handler.handle(request, exchange);
    } catch (RuntimeException | Error e) {
      log.error(
          "The API handler failed on {} {} {}",
          request.method(),
          request.path(),
          request.header("x-amz-target"),
          e);
      exchange.failIfUnanswered(e);
    }
  }

  private boolean operational(String path, Exchange exchange) {
    switch (path) {
      case "/health" -> {
        Endpoints.Probe probe = probe();
        if (!probe.alive()) {
          exchange.respond(503, Responses.TEXT, utf8("failed: " + probe.detail()));
        } else if (!probe.ready() && !probe.detail().isEmpty()) {
          exchange.respond(200, Responses.TEXT, utf8("waiting: " + probe.detail()));
        } else {
          exchange.respond(200, Responses.TEXT, utf8("ok"));
        }
      }
      case "/ready" -> {
        Endpoints.Probe probe = probe();
        if (probe.ready()) {
          exchange.respond(200, Responses.TEXT, utf8("ready"));
        } else {
          String why = probe.detail().isEmpty() ? "" : ": " + probe.detail();
          exchange.respond(503, Responses.TEXT, utf8("not ready" + why));
        }
      }
      case "/metrics" -> {
        String text;
        try {
          text = endpoints.metrics();
        } catch (RuntimeException e) {
          log.warn("The metrics scrape failed", e);
          exchange.respond(500, Responses.TEXT, utf8("metrics failed: " + e));
          return true;
        }
        exchange.respond(200, PROMETHEUS, utf8(text == null ? "" : text));
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private Endpoints.Probe probe() {
    try {
      return endpoints.probe();
    } catch (RuntimeException e) {
      log.warn("The health check failed", e);
      return new Endpoints.Probe(false, false, "the health check failed: " + e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
