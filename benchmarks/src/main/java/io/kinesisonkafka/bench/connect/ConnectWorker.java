package io.kinesisonkafka.bench.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * One distributed Connect worker (ConnectDistributed from connect-runtime) in a child JVM with this
 * JVM's class path, on which the connectors are found by their service manifests; driven through
 * its REST API.
 */
final class ConnectWorker implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Process process;
  private final URI rest;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();

  private ConnectWorker(Process process, URI rest, Path log) {
    this.process = process;
    this.rest = rest;
    this.log = log;
  }

  static ConnectWorker start(String bootstrap, Path dir) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Properties p = new Properties();
    String id = "bench-connect-" + ProcessHandle.current().pid();
    p.setProperty("bootstrap.servers", bootstrap);
    p.setProperty("group.id", id);
    p.setProperty("config.storage.topic", id + "-configs");
    p.setProperty("offset.storage.topic", id + "-offsets");
    p.setProperty("status.storage.topic", id + "-status");
    p.setProperty("config.storage.replication.factor", "1");
    p.setProperty("offset.storage.replication.factor", "1");
    p.setProperty("status.storage.replication.factor", "1");
    p.setProperty("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    p.setProperty("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    p.setProperty("plugin.discovery", "service_load");
    p.setProperty("listeners", "http://localhost:" + port);
    p.setProperty("rest.advertised.host.name", "localhost");
    p.setProperty("offset.flush.interval.ms", "5000");
    Files.createDirectories(dir);
    Path props = dir.resolve("worker.properties");
    try (var out = Files.newOutputStream(props)) {
      p.store(out, "bench connect worker");
    }
    Path log = dir.resolve("worker.log");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    // e.g. BENCH_WORKER_JAVA_OPTS="-XX:StartFlightRecording=filename=worker.jfr" to profile it
    String extra = System.getenv("BENCH_WORKER_JAVA_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("org.apache.kafka.connect.cli.ConnectDistributed");
    command.add(props.toString());
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    ConnectWorker worker = new ConnectWorker(process, URI.create("http://localhost:" + port), log);
    long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Connect worker exited; see " + log);
      }
      try {
        if (worker.call("GET", "/connectors", null).statusCode() == 200) {
          return worker;
        }
      } catch (IOException e) {
        // not listening yet
      }
      if (System.nanoTime() > deadline) {
        worker.close();
        throw new IllegalStateException("Connect worker did not start; see " + log);
      }
      Thread.sleep(250);
    }
  }

  void put(String name, Map<String, String> config) throws Exception {
    Map<String, String> c = new LinkedHashMap<>(config);
    c.put("name", name);
    for (int i = 0; ; i++) {
      HttpResponse<String> r = call("PUT", "/connectors/" + name + "/config", c);
      if (r.statusCode() == 200 || r.statusCode() == 201) {
        return;
      }
      if (i > 30) {
        throw new IllegalStateException("creating " + name + ": " + r.body());
      }
      Thread.sleep(1000);
    }
  }

  void delete(String name) throws Exception {
    call("DELETE", "/connectors/" + name, null);
  }

  /** A FAILED connector's or task's trace, or null. */
  String failure(String name) throws Exception {
    HttpResponse<String> r = call("GET", "/connectors/" + name + "/status", null);
    if (r.statusCode() != 200) {
      return null;
    }
    JsonNode s = JSON.readTree(r.body());
    for (JsonNode t : s.path("tasks")) {
      if ("FAILED".equals(t.path("state").asText())) {
        return t.path("trace").asText();
      }
    }
    return "FAILED".equals(s.path("connector").path("state").asText())
        ? s.path("connector").path("trace").asText()
        : null;
  }

  private HttpResponse<String> call(String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(rest.resolve(path));
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** CPU nanoseconds the worker process used so far (0 where the OS does not tell). */
  long cpuNanos() {
    return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  Path log() {
    return log;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (File.separatorChar == '\\') {
      process.destroyForcibly();
    }
  }
}
