package io.kinesisonkafka.adapter.server;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INCOMPLETE_SIGNATURE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_SIGNATURE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.MISSING_AUTHENTICATION_TOKEN;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.UNRECOGNIZED_CLIENT;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.kinesisonkafka.adapter.server.http.ApiRequest;
import io.kinesisonkafka.adapter.server.protocol.ProtocolHandler;
import java.net.URLDecoder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.CredentialScope;
import software.amazon.awssdk.http.auth.aws.internal.signer.DefaultV4RequestSigner;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4Properties;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4RequestSigningResult;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Verifies AWS Signature Version 4 the way Kinesis does, so unmodified SDKs and tools authenticate
 * with the keys configured here. The signature is never recomputed by hand: a copy of the request
 * holding only what the client signed is re-signed by the AWS SDK's own signer at the client's
 * {@code X-Amz-Date}, and the two signatures are compared in constant time.
 *
 * <p>{@link AwsV4HttpSigner} adds and signs an {@code x-amz-content-sha256} header (except when
 * presigning with an expiry), as the Java SDK v2 does. Clients that sign no such header (AWS
 * CLI/boto3, Go, JS, older Java SDKs) are re-signed by {@link DefaultV4RequestSigner}, the
 * SDK-internal step {@code AwsV4HttpSigner} delegates to, which signs a request exactly as given.
 *
 * <p>Not verifiable this way, and refused with a message saying so: requests dated by {@code Date}
 * instead of {@code X-Amz-Date}, and signatures over headers the SDK never signs ({@code
 * user-agent}, {@code expect}, …).
 */
final class SigV4Authenticator implements ProtocolHandler.RequestAuthenticator {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final Duration MAX_SKEW = Duration.ofMinutes(15);
  static final String MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  private static final String CONTENT_SHA256 = "x-amz-content-sha256";
  private static final Set<String> SERVICES = Set.of("kinesis", "firehose");
  private static final long MAX_PRESIGN_SECONDS = Duration.ofDays(7).toSeconds();
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withResolverStyle(ResolverStyle.STRICT);
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
  private static final HexFormat HEX = HexFormat.of();
  private static final List<String> AUTHORIZATION_PARAMS =
      List.of("Credential", "Signature", "SignedHeaders");
  private static final List<String> QUERY_PARAMS =
      List.of(
          "X-Amz-Algorithm",
          "X-Amz-Credential",
          "X-Amz-Signature",
          "X-Amz-SignedHeaders",
          "X-Amz-Date");

  private final Map<String, AwsCredentialsIdentity> identities;
  private final String region;
  private final Clock clock;

  SigV4Authenticator(Map<String, String> credentials, String region) {
    this(credentials, region, Clock.systemUTC());
  }

  SigV4Authenticator(Map<String, String> credentials, String region, Clock clock) {
    Map<String, AwsCredentialsIdentity> byKey = new HashMap<>();
    credentials.forEach((id, secret) -> byKey.put(id, AwsCredentialsIdentity.create(id, secret)));
    this.identities = Map.copyOf(byKey);
    this.region = Objects.requireNonNull(region);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public void authenticate(ApiRequest request) {
    Claim claim = claim(request);
    checkScope(claim);
    checkTime(claim);
    AwsCredentialsIdentity identity = identities.get(claim.accessKeyId());
    if (identity == null) {
      throw UNRECOGNIZED_CLIENT.exception("The security token included in the request is invalid.");
    }
    Resigned resigned = resign(request, claim, identity);
    if (!MessageDigest.isEqual(
        resigned.signature().getBytes(US_ASCII), claim.signature().getBytes(US_ASCII))) {
      throw mismatch(claim, resigned);
    }
  }

  /** What the client asserts: who signed, for which scope and time, over which headers. */
  private record Claim(
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
      Map<String, List<String>> query) {}

  /** The re-signed request's signature and the header list the SDK signed. */
  private record Resigned(String signature, String signedHeaders) {}

  // ---- reading the claim -------------------------------------------------------------------

  private static Claim claim(ApiRequest request) {
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

  private static Claim fromHeader(
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

  private static Claim fromQuery(Map<String, List<String>> query) {
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

  private static Claim newClaim(
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
    return new Claim(
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
  private static Map<String, String> authorizationParams(String params) {
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

  // ---- checks before any cryptography ------------------------------------------------------

  private void checkScope(Claim claim) {
    if (!"aws4_request".equals(claim.terminator())) {
      throw INVALID_SIGNATURE.exception(
          "Credential should be scoped with a valid terminator: 'aws4_request', not '%s'.",
          claim.terminator());
    }
    if (!claim.amzDate().startsWith(claim.scopeDate())
        || claim.scopeDate().length() != "yyyyMMdd".length()) {
      throw INVALID_SIGNATURE.exception(
          "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from"
              + " HTTP: '%s' != '%s', from '%s'.",
          claim.scopeDate(), claim.amzDate().substring(0, 8), claim.amzDate());
    }
    if (!region.equals(claim.region())) {
      throw INVALID_SIGNATURE.exception(
          "Credential should be scoped to a valid region, not '%s'.", claim.region());
    }
    if (!SERVICES.contains(claim.service())) {
      throw INVALID_SIGNATURE.exception(
          "Credential should be scoped to correct service: 'kinesis'.");
    }
    List<String> signed = claim.signedHeaderNames();
    if (!signed.contains("host") && !signed.contains(":authority")) {
      throw INVALID_SIGNATURE.exception(
          "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    if (!claim.presigned() && !signed.contains("x-amz-date")) {
      throw INVALID_SIGNATURE.exception(
          "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
    }
  }

  private void checkTime(Claim claim) {
    Instant now = clock.instant();
    if (claim.instant().isAfter(now.plus(MAX_SKEW))) {
      throw INVALID_SIGNATURE.exception(
          "Signature not yet current: %s is still later than %s (%s + 15 min.)",
          claim.amzDate(), format(now.plus(MAX_SKEW)), format(now));
    }
    if (claim.expiresSeconds() > 0) {
      Instant expiry = claim.instant().plusSeconds(claim.expiresSeconds());
      if (expiry.isBefore(now)) {
        throw INVALID_SIGNATURE.exception(
            "Signature expired: %s is now earlier than %s (%s + %d sec.)",
            format(expiry), format(now), claim.amzDate(), claim.expiresSeconds());
      }
    } else if (claim.instant().isBefore(now.minus(MAX_SKEW))) {
      throw INVALID_SIGNATURE.exception(
          "Signature expired: %s is now earlier than %s (%s - 15 min.)",
          claim.amzDate(), format(now.minus(MAX_SKEW)), format(now));
    }
  }

  private static String format(Instant instant) {
    return AMZ_DATE.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }

  // ---- re-signing with the SDK -------------------------------------------------------------

  private static Resigned resign(ApiRequest request, Claim claim, AwsCredentialsIdentity identity) {
    SdkHttpRequest copy = signedCopy(request, claim);
    boolean unsignedPayload = UNSIGNED_PAYLOAD.equals(request.header(CONTENT_SHA256));
    if (publicSignerReproduces(claim)) {
      return resignWithSdk(copy, request.body(), claim, identity, unsignedPayload);
    }
    String contentHash = unsignedPayload ? UNSIGNED_PAYLOAD : sha256Hex(request.body());
    return resignWithoutContentHeader(copy, claim, identity, contentHash);
  }

  /**
   * {@link AwsV4HttpSigner} adds and signs an x-amz-content-sha256 header, except when presigning
   * with an expiry; it reproduces only the clients that did the same.
   */
  private static boolean publicSignerReproduces(Claim claim) {
    boolean signsContentHeader = !(claim.presigned() && claim.expiresSeconds() > 0);
    return signsContentHeader == claim.signedHeaderNames().contains(CONTENT_SHA256);
  }

  /** The request as the client signed it: method, path, query and only the signed headers. */
  private static SdkHttpRequest signedCopy(ApiRequest request, Claim claim) {
    SdkHttpRequest.Builder copy;
    try {
      copy =
          SdkHttpRequest.builder()
              .method(SdkHttpMethod.fromValue(request.method()))
              .protocol("https")
              .host("localhost")
              .encodedPath(request.path().isEmpty() ? "/" : request.path());
    } catch (IllegalArgumentException e) {
      throw INVALID_SIGNATURE.exception(MISMATCH);
    }
    for (String name : claim.signedHeaderNames()) {
      copy.putHeader(name, signedHeaderValue(request, name));
    }
    claim
        .query()
        .forEach(
            (name, values) -> {
              if (!(claim.presigned() && name.equals("X-Amz-Signature"))) {
                values.forEach(value -> copy.appendRawQueryParameter(name, value));
              }
            });
    return copy.build();
  }

  /** HTTP/2 carries the host as {@code :authority}; HTTP/2 may omit content-length. */
  private static String signedHeaderValue(ApiRequest request, String name) {
    String value = request.header(name);
    if (value == null && name.equals("host")) {
      value = request.header(":authority");
    } else if (value == null && name.equals(":authority")) {
      value = request.header("host");
    } else if (value == null && name.equals("content-length")) {
      value = Integer.toString(request.body().length);
    }
    if (value == null) {
      throw INVALID_SIGNATURE.exception(MISMATCH); // signed but not received
    }
    return value;
  }

  /** The public signer, for the Java SDK v2's own shapes of request and presigned URL. */
  private static Resigned resignWithSdk(
      SdkHttpRequest copy,
      byte[] body,
      Claim claim,
      AwsCredentialsIdentity identity,
      boolean unsignedPayload) {
    SignedRequest signed =
        SIGNER.sign(
            r -> {
              r.identity(identity)
                  .request(copy)
                  .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, claim.service())
                  .putProperty(AwsV4HttpSigner.REGION_NAME, claim.region())
                  .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, signingClock(claim))
                  .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, !unsignedPayload);
              if (!unsignedPayload) {
                r.payload(ContentStreamProvider.fromByteArrayUnsafe(body));
              }
              if (claim.presigned()) {
                r.putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING);
              }
              if (claim.expiresSeconds() > 0) {
                r.putProperty(
                    AwsV4HttpSigner.EXPIRATION_DURATION,
                    Duration.ofSeconds(claim.expiresSeconds()));
              }
            });
    return claim.presigned()
        ? resignedFromQuery(signed.request())
        : resignedFromAuthorization(signed.request());
  }

  private static Resigned resignedFromQuery(SdkHttpRequest signed) {
    return new Resigned(
        signed.firstMatchingRawQueryParameter("X-Amz-Signature").orElse(""),
        signed.firstMatchingRawQueryParameter("X-Amz-SignedHeaders").orElse(""));
  }

  private static Resigned resignedFromAuthorization(SdkHttpRequest signed) {
    Map<String, String> params =
        authorizationParams(signed.firstMatchingHeader("Authorization").orElse(""));
    return new Resigned(
        params.getOrDefault("Signature", ""), params.getOrDefault("SignedHeaders", ""));
  }

  /**
   * The SDK's internal request signer, which signs the copy exactly as given (no header or query
   * parameter added) over the content hash it is handed: for the shapes the public signer cannot
   * produce.
   */
  private static Resigned resignWithoutContentHeader(
      SdkHttpRequest copy, Claim claim, AwsCredentialsIdentity identity, String contentHash) {
    V4Properties properties =
        V4Properties.builder()
            .credentials(identity)
            .credentialScope(new CredentialScope(claim.region(), claim.service(), claim.instant()))
            .signingClock(signingClock(claim))
            .doubleUrlEncode(true)
            .normalizePath(true)
            .build();
    V4RequestSigningResult result =
        new DefaultV4RequestSigner(properties, contentHash).sign(copy.toBuilder());
    return new Resigned(
        result.getSignature(), result.getCanonicalRequest().getSignedHeadersString());
  }

  private static Clock signingClock(Claim claim) {
    return Clock.fixed(claim.instant(), ZoneOffset.UTC);
  }

  private static String sha256Hex(byte[] body) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** A plain mismatch, or a signed header set the SDK's signer cannot reproduce. */
  private static RuntimeException mismatch(Claim claim, Resigned resigned) {
    if (!resigned.signedHeaders().equals(claim.signedHeaders())) {
      return INVALID_SIGNATURE.exception(
          "This endpoint re-signs requests with the AWS SDK for Java, which signs the headers"
              + " '%s', not '%s' (it never signs user-agent, expect, connection,"
              + " transfer-encoding, x-amzn-trace-id or x-forwarded-for); the signature cannot be"
              + " verified.",
          resigned.signedHeaders(), claim.signedHeaders());
    }
    return INVALID_SIGNATURE.exception(MISMATCH);
  }
}
