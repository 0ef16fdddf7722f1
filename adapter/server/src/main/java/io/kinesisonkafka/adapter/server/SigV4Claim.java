package io.kinesisonkafka.adapter.server;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INCOMPLETE_SIGNATURE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_SIGNATURE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.MISSING_AUTHENTICATION_TOKEN;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.kinesisonkafka.adapter.server.http.ApiRequest;
import java.net.URLDecoder;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a SigV4 client asserts: who signed, for which scope and time, over which headers, with which
 * signature. Read from the {@code Authorization} header or from a presigned URL's query, with
 * Kinesis's errors for a claim that is incomplete or malformed; nothing is verified here.
 */
record SigV4Claim(
    boolean presigned,
    String accessKeyId,
    String scopeDate,
    String region,
    String service,
    String terminator,
    String signedHeaders,
    List<String> signedHeaderNames,
    String signature,
    String amzDate,
    Instant instant,
    long expiresSeconds,
    Map<String, List<String>> query) {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";

  /** {@code X-Amz-Date}'s ISO-8601 basic format. */
  static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);

  private static final long MAX_PRESIGN_SECONDS = Duration.ofDays(7).toSeconds();
  private static final List<String> AUTHORIZATION_PARAMS =
      List.of("Credential", "Signature", "SignedHeaders");
  private static final List<String> QUERY_PARAMS =
      List.of(
          "X-Amz-Algorithm",
          "X-Amz-Credential",
          "X-Amz-Signature",
          "X-Amz-SignedHeaders",
          "X-Amz-Date");

  /** The claim of a request: its Authorization header, or its presigned query parameters. */
  static SigV4Claim read(ApiRequest request) {
    String authorization = request.header("authorization");
    Map<String, List<String>> query = parseQuery(request.query());
    boolean presigned = query.containsKey("X-Amz-Algorithm");
    if (authorization != null && presigned) {
      throw INVALID_SIGNATURE.exception(
          "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP"
              + " header.");
    }
    if (authorization == null && !presigned) {
      throw MISSING_AUTHENTICATION_TOKEN.exception("Missing Authentication Token");
    }
    return presigned ? fromQuery(query) : fromHeader(request, authorization, query);
  }

  private static SigV4Claim fromHeader(
      ApiRequest request, String authorization, Map<String, List<String>> query) {
    int space = authorization.indexOf(' ');
    String algorithm = space < 0 ? authorization : authorization.substring(0, space);
    Map<String, String> params = authorizationParams(authorization.substring(space + 1));
    String amzDate = request.header("x-amz-date");
    StringBuilder missing = new StringBuilder();
    for (String name : AUTHORIZATION_PARAMS) {
      if (params.getOrDefault(name, "").isEmpty()) {
        missing.append("Authorization header requires '").append(name).append("' parameter. ");
      }
    }
    if (amzDate == null && request.header("date") == null) {
      missing.append(
          "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
    }
    if (missing.length() > 0) {
      throw INCOMPLETE_SIGNATURE.exception(missing + "Authorization=" + authorization);
    }
    if (!ALGORITHM.equals(algorithm)) {
      throw INCOMPLETE_SIGNATURE.exception("Unsupported AWS 'algorithm': '%s'", algorithm);
    }
    if (amzDate == null) {
      throw INCOMPLETE_SIGNATURE.exception(
          "This endpoint verifies signatures dated by an 'X-Amz-Date' header only; the 'Date'"
              + " header is not supported.");
    }
    return newClaim(
        false,
        params.get("Credential"),
        params.get("SignedHeaders"),
        params.get("Signature"),
        amzDate,
        -1,
        query);
  }

  private static SigV4Claim fromQuery(Map<String, List<String>> query) {
    StringBuilder missing = new StringBuilder();
    for (String name : QUERY_PARAMS) {
      if (first(query, name).isEmpty()) {
        missing.append("AWS query-string parameters must include '").append(name).append("'. ");
      }
    }
    if (missing.length() > 0) {
      throw INCOMPLETE_SIGNATURE.exception(missing + "Re-examine the query-string parameters.");
    }
    String algorithm = first(query, "X-Amz-Algorithm");
    if (!ALGORITHM.equals(algorithm)) {
      throw INCOMPLETE_SIGNATURE.exception("Unsupported AWS 'algorithm': '%s'", algorithm);
    }
    return newClaim(
        true,
        first(query, "X-Amz-Credential"),
        first(query, "X-Amz-SignedHeaders"),
        first(query, "X-Amz-Signature"),
        first(query, "X-Amz-Date"),
        expiresSeconds(first(query, "X-Amz-Expires")),
        query);
  }

  private static SigV4Claim newClaim(
      boolean presigned,
      String credential,
      String signedHeaders,
      String signature,
      String amzDate,
      long expiresSeconds,
      Map<String, List<String>> query) {
    String[] scope = credential.split("/", -1);
    if (scope.length != 5) {
      throw INCOMPLETE_SIGNATURE.exception(
          "Credential should be of the form '<access key id>/<YYYYMMDD>/<region>/<service>"
              + "/aws4_request', not '%s'.",
          credential);
    }
    return new SigV4Claim(
        presigned,
        scope[0],
        scope[1],
        scope[2],
        scope[3],
        scope[4],
        signedHeaders,
        List.of(signedHeaders.split(";")),
        signature,
        amzDate,
        parseAmzDate(amzDate),
        expiresSeconds,
        query);
  }

  /** {@code Credential=…, SignedHeaders=…, Signature=…}, with or without spaces. */
  static Map<String, String> authorizationParams(String params) {
    Map<String, String> byName = new HashMap<>(4);
    for (String param : params.split(",")) {
      int eq = param.indexOf('=');
      if (eq > 0) {
        byName.put(param.substring(0, eq).trim(), param.substring(eq + 1).trim());
      }
    }
    return byName;
  }

  private static Instant parseAmzDate(String amzDate) {
    try {
      return LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw INCOMPLETE_SIGNATURE.exception(
          "Date must be in ISO-8601 'basic format'. Got '%s'. See"
              + " http://en.wikipedia.org/wiki/ISO_8601",
          amzDate);
    }
  }

  private static long expiresSeconds(String value) {
    if (value.isEmpty()) {
      return -1;
    }
    try {
      long seconds = Long.parseLong(value);
      if (seconds >= 1 && seconds <= MAX_PRESIGN_SECONDS) {
        return seconds;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw INCOMPLETE_SIGNATURE.exception(
        "X-Amz-Expires must be a number of seconds from 1 to %d, not '%s'.",
        MAX_PRESIGN_SECONDS, value);
  }

  /** Decoded names and values in order; a literal '+' stays a plus, as SigV4 clients mean it. */
  private static Map<String, List<String>> parseQuery(String raw) {
    if (raw == null || raw.isEmpty()) {
      return Map.of();
    }
    Map<String, List<String>> params = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (!pair.isEmpty()) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        params.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      }
    }
    return params;
  }

  private static String decode(String encoded) {
    try {
      return URLDecoder.decode(encoded.replace("+", "%2B"), UTF_8);
    } catch (IllegalArgumentException e) {
      return encoded; // cannot match what the client signed; the signature check refuses it
    }
  }

  private static String first(Map<String, List<String>> query, String name) {
    List<String> values = query.get(name);
    return values == null ? "" : values.get(0);
  }
}
