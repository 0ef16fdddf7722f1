package io.kinesisonkafka.connect.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Connect's REST API, the way an operator drives a cluster (java.net.http and Jackson). */
public final class ConnectRest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  public ConnectRest(int port) {
    this.base = URI.create("http://localhost:" + port);
  }

  /** An answer: status and body. */
  public record Answer(int status, JsonNode body) {}

  boolean up() {
    try {
      return call("GET", "/connectors", null).status() == 200;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** PUT /connectors/{name}/config: creates or updates; retried while the cluster rebalances. */
  public Answer putConnector(String name, Map<String, String> settings) {
    Map<String, String> config = new java.util.LinkedHashMap<>(settings);
    config.put("name", name);
    Answer a = null;
    for (int i = 0; i < 60; i++) {
      a = call("PUT", "/connectors/" + name + "/config", config);
      if (a.status() == 200 || a.status() == 201) {
        return a;
      }
      if (a.status() != 409 && a.status() != 500 && a.status() != 503) {
        return a;
      }
      ConnectCluster.sleep(1000);
    }
    return a;
  }

  /** PUT /connector-plugins/{class}/config/validate. */
  public Answer validate(String connectorClass, Map<String, String> config) {
    return call(
        "PUT",
        "/connector-plugins/"
            + connectorClass.substring(connectorClass.lastIndexOf('.') + 1)
            + "/config/validate",
        config);
  }

  /** GET /connectors/{name}/status. */
  public Answer status(String name) {
    return call("GET", "/connectors/" + name + "/status", null);
  }

  /** GET /connectors/{name}/offsets. */
  public Answer offsets(String name) {
    return call("GET", "/connectors/" + name + "/offsets", null);
  }

  /** DELETE /connectors/{name}. */
  public Answer delete(String name) {
    return call("DELETE", "/connectors/" + name, null);
  }

  /** GET /connector-plugins. */
  public Answer plugins() {
    return call("GET", "/connector-plugins", null);
  }

  /** How many of the connector's tasks are RUNNING (0 if it has no status yet). */
  public int runningTasks(String name) {
    return tasksIn(name, "RUNNING");
  }

  /** How many of the connector's tasks are in {@code state}, e.g. PAUSED (0 without a status). */
  public int tasksIn(String name, String state) {
    Answer a = status(name);
    if (a.status() != 200) {
      return 0;
    }
    int n = 0;
    for (JsonNode t : a.body().path("tasks")) {
      if (state.equals(t.path("state").asText())) {
        n++;
      }
    }
    return n;
  }

  /** Whether the connector or a task is FAILED; the trace if so, else null. */
  public String failure(String name) {
    Answer a = status(name);
    if (a.status() != 200) {
      return null;
    }
    if ("FAILED".equals(a.body().path("connector").path("state").asText())) {
      return a.body().path("connector").path("trace").asText();
    }
    for (JsonNode t : a.body().path("tasks")) {
      if ("FAILED".equals(t.path("state").asText())) {
        return "task " + t.path("id").asText() + ": " + t.path("trace").asText();
      }
    }
    return null;
  }

  public Answer call(String method, String path, Object body) {
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
      if (body == null) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
      }
      HttpResponse<byte[]> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode json =
          response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
      return new Answer(response.statusCode(), json);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
