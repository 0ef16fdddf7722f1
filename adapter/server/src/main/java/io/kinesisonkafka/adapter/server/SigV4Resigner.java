package io.kinesisonkafka.adapter.server;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_SIGNATURE;

import io.kinesisonkafka.adapter.server.http.ApiRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
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
 * Re-signs what the client signed with the AWS SDK's own signer: a copy of the request holding only
 * the method, path, query and signed headers, signed at the client's {@code X-Amz-Date}. The
 * canonical request and the string to sign are the SDK's, never computed here.
 *
 * <p>{@link AwsV4HttpSigner} adds and signs an {@code x-amz-content-sha256} header (except when
 * presigning with an expiry), as the Java SDK v2 does. Clients that sign no such header (AWS
 * CLI/boto3, Go, JS, older Java SDKs) are re-signed by {@link DefaultV4RequestSigner}, the
 * SDK-internal step {@code AwsV4HttpSigner} delegates to, which signs a request exactly as given.
 */
final class SigV4Resigner {
  static final String MISMATCH =
      "The request signature we calculated does not match the signature you provided. Check your"
          + " AWS Secret Access Key and signing method. Consult the service documentation for"
          + " details.";
  private static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  private static final String CONTENT_SHA256 = "x-amz-content-sha256";
  private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
  private static final HexFormat HEX = HexFormat.of();

  private SigV4Resigner() {}

  /** The re-signed request's signature and the header list the SDK signed. */
  record Resigned(String signature, String signedHeaders) {}

  /** The signature the client must have sent, computed by the SDK's signer over the copy. */
  static Resigned resign(ApiRequest request, SigV4Claim claim, AwsCredentialsIdentity identity) {
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
  private static boolean publicSignerReproduces(SigV4Claim claim) {
    boolean signsContentHeader = !(claim.presigned() && claim.expiresSeconds() > 0);
    return signsContentHeader == claim.signedHeaderNames().contains(CONTENT_SHA256);
  }

  /** The request as the client signed it: method, path, query and only the signed headers. */
  private static SdkHttpRequest signedCopy(ApiRequest request, SigV4Claim claim) {
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
      SigV4Claim claim,
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
        SigV4Claim.authorizationParams(signed.firstMatchingHeader("Authorization").orElse(""));
    return new Resigned(
        params.getOrDefault("Signature", ""), params.getOrDefault("SignedHeaders", ""));
  }

  /**
   * The SDK's internal request signer, which signs the copy exactly as given (no header or query
   * parameter added) over the content hash it is handed: for the shapes the public signer cannot
   * produce.
   */
  private static Resigned resignWithoutContentHeader(
      SdkHttpRequest copy, SigV4Claim claim, AwsCredentialsIdentity identity, String contentHash) {
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

  private static Clock signingClock(SigV4Claim claim) {
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
  static RuntimeException mismatch(SigV4Claim claim, Resigned resigned) {
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
