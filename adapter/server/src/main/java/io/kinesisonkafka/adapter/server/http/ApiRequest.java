package io.kinesisonkafka.adapter.server.http;

import java.util.Map;

/**
 * One HTTP request, fully read, as the transport hands it to an {@link ApiHandler}. Header names
 * are lower case; a header sent more than once keeps its values joined with ", ". {@code path} is
 * the raw path without the query; {@code query} is the raw query string or "".
 */
public record ApiRequest(
    String method,
    String path,
    String query,
    Map<String, String> headers,
    byte[] body,
    String remoteAddress,
    String protocol,
    boolean tls) {

  public String header(String lowerCaseName) {
    return headers.get(lowerCaseName);
  }
}
