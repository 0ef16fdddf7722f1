package io.kinesisonkafka.adapter.server.http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Immutable configuration of an {@link HttpServer}. Build with {@link #custom()}; {@code build()}
 * reports every invalid setting at once.
 *
 * <p>Ports: {@code 0} binds an ephemeral port (read it back from {@link HttpServer#plainPort()} and
 * {@link HttpServer#tlsPort()}), {@code -1} turns that listener off; at least one must be on. TLS
 * uses the PEM files when both are given, otherwise a self-signed certificate for {@code
 * localhost}/{@code 127.0.0.1} made at start.
 *
 * @param host the address both listeners bind
 * @param plainPort cleartext listener (HTTP/1.1 and h2c with prior knowledge)
 * @param tlsPort TLS listener (ALPN h2 or http/1.1, or a bare HTTP/2 preface)
 * @param certificateChain PEM certificate chain, leaf first; null for a self-signed certificate
 * @param privateKey PEM private key (PKCS#1, PKCS#8 or SEC1, unencrypted); null with the chain
 * @param maxRequestBodyBytes larger request bodies are answered 413
 * @param idleTimeout a connection without traffic and without requests in flight is closed after
 *     this long; zero never closes
 * @param eventLoopThreads Netty I/O threads
 * @param shutdownTimeout how long {@link HttpServer#close()} waits for requests in flight
 * @param maxConcurrentStreams HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS per connection
 * @param requestTimeout how long a client has to send a whole request (head and body) once its
 *     first byte came: a slower HTTP/1.1 connection is closed, a slower HTTP/2 stream reset; zero
 *     never
 * @param writeTimeout how long one response write may wait for the client to take it (for HTTP/2,
 *     also for the stream's flow-control window) before the connection is closed or the stream
 *     reset; zero never
 */
public record HttpServerConfig(
    String host,
    int plainPort,
    int tlsPort,
    Path certificateChain,
    Path privateKey,
    int maxRequestBodyBytes,
    Duration idleTimeout,
    int eventLoopThreads,
    Duration shutdownTimeout,
    int maxConcurrentStreams,
    Duration requestTimeout,
    Duration writeTimeout) {

  /** The port value that turns a listener off. */
  public static final int OFF = -1;

  public static Builder custom() {
    return new Builder();
  }

  /** All defaults: 0.0.0.0, plain 4567, TLS 4568 with a self-signed certificate. */
  public static HttpServerConfig ofDefaults() {
    return custom().build();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Whether TLS uses a certificate made at start rather than configured PEM files. */
  public boolean selfSigned() {
    return certificateChain == null;
  }

  /** Builder in resilience4j's shape: {@code HttpServerConfig.custom()...build()}. */
  public static final class Builder {
    private String host = "0.0.0.0";
    private int plainPort = 4567;
    private int tlsPort = 4568;
    private Path certificateChain;
    private Path privateKey;
    // Kinesis carries up to 10 MiB of data a request; base64 in JSON grows it by 4/3.
    private int maxRequestBodyBytes = 16 * 1024 * 1024;
    private Duration idleTimeout = Duration.ofMinutes(5);
    private int eventLoopThreads = Runtime.getRuntime().availableProcessors();
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private int maxConcurrentStreams = 1000;
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration writeTimeout = Duration.ofSeconds(30);

    private Builder() {}

    private Builder(HttpServerConfig c) {
      host = c.host;
      plainPort = c.plainPort;
      tlsPort = c.tlsPort;
      certificateChain = c.certificateChain;
      privateKey = c.privateKey;
      maxRequestBodyBytes = c.maxRequestBodyBytes;
      idleTimeout = c.idleTimeout;
      eventLoopThreads = c.eventLoopThreads;
      shutdownTimeout = c.shutdownTimeout;
      maxConcurrentStreams = c.maxConcurrentStreams;
      requestTimeout = c.requestTimeout;
      writeTimeout = c.writeTimeout;
    }

    public Builder host(String v) {
      host = v;
      return this;
    }

    /** 0 for an ephemeral port, {@link #OFF} for none. */
    public Builder plainPort(int v) {
      plainPort = v;
      return this;
    }

    /** 0 for an ephemeral port, {@link #OFF} for none. */
    public Builder tlsPort(int v) {
      tlsPort = v;
      return this;
    }

    /** PEM certificate chain and private key; both or neither. */
    public Builder certificate(Path chain, Path key) {
      certificateChain = chain;
      privateKey = key;
      return this;
    }

    public Builder maxRequestBodyBytes(int v) {
      maxRequestBodyBytes = v;
      return this;
    }

    public Builder idleTimeout(Duration v) {
      idleTimeout = v;
      return this;
    }

    public Builder eventLoopThreads(int v) {
      eventLoopThreads = v;
      return this;
    }

    public Builder shutdownTimeout(Duration v) {
      shutdownTimeout = v;
      return this;
    }

    public Builder maxConcurrentStreams(int v) {
      maxConcurrentStreams = v;
      return this;
    }

    /** Zero turns the limit off. */
    public Builder requestTimeout(Duration v) {
      requestTimeout = v;
      return this;
    }

    /** Zero turns the limit off. */
    public Builder writeTimeout(Duration v) {
      writeTimeout = v;
      return this;
    }

    public HttpServerConfig build() {
      List<String> problems = new ArrayList<>();
      if (host == null || host.isBlank()) {
        problems.add("host must not be blank");
      }
      port(problems, "plainPort", plainPort);
      port(problems, "tlsPort", tlsPort);
      if (plainPort == OFF && tlsPort == OFF) {
        problems.add("plainPort and tlsPort are both off; at least one listener is needed");
      }
      if ((certificateChain == null) != (privateKey == null)) {
        problems.add("certificate chain and private key must be given together");
      }
      readable(problems, "certificate chain", certificateChain);
      readable(problems, "private key", privateKey);
      if (maxRequestBodyBytes <= 0) {
        problems.add("maxRequestBodyBytes must be > 0, but was " + maxRequestBodyBytes);
      }
      if (idleTimeout == null || idleTimeout.isNegative()) {
        problems.add("idleTimeout must be >= 0, but was " + idleTimeout);
      }
      if (eventLoopThreads <= 0) {
        problems.add("eventLoopThreads must be > 0, but was " + eventLoopThreads);
      }
      if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
        problems.add("shutdownTimeout must be >= 0, but was " + shutdownTimeout);
      }
      if (maxConcurrentStreams <= 0) {
        problems.add("maxConcurrentStreams must be > 0, but was " + maxConcurrentStreams);
      }
      if (requestTimeout == null || requestTimeout.isNegative()) {
        problems.add("requestTimeout must be >= 0, but was " + requestTimeout);
      }
      if (writeTimeout == null || writeTimeout.isNegative()) {
        problems.add("writeTimeout must be >= 0, but was " + writeTimeout);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("Invalid HTTP server configuration: " + problems);
      }
      return new HttpServerConfig(
          host,
          plainPort,
          tlsPort,
          certificateChain,
          privateKey,
          maxRequestBodyBytes,
          idleTimeout,
          eventLoopThreads,
          shutdownTimeout,
          maxConcurrentStreams,
          requestTimeout,
          writeTimeout);
    }

    private static void port(List<String> problems, String name, int port) {
      if (port != OFF && (port < 0 || port > 65535)) {
        problems.add(name + " must be -1 (off) or 0..65535, but was " + port);
      }
    }

    private static void readable(List<String> problems, String name, Path file) {
      if (file != null && !Files.isReadable(file)) {
        problems.add(name + " file is not readable: " + file);
      }
    }
  }
}
