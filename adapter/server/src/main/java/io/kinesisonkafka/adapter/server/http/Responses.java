package io.kinesisonkafka.adapter.server.http;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Small fixed bodies and formats the transport produces itself. */
final class Responses {
  static final String AMZ_JSON = "application/x-amz-json-1.1";
  static final Map<String, String> JSON = Map.of("content-type", AMZ_JSON);
  static final Map<String, String> TEXT = Map.of("content-type", "text/plain; charset=utf-8");

  private Responses() {}

  /** {@code {"__type":type,"message":message}}, the AWS JSON error shape. */
  static byte[] error(String type, String message) {
    return ("{\"__type\":\"" + escape(type) + "\",\"message\":\"" + escape(message) + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] tooLarge(int max) {
    return error("RequestEntityTooLargeException", "Request body is larger than " + max + " bytes");
  }

  /** "host:port" without the leading slash InetSocketAddress.toString() puts there. */
  static String address(SocketAddress address) {
    if (address instanceof InetSocketAddress inet) {
      return inet.getHostString() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
