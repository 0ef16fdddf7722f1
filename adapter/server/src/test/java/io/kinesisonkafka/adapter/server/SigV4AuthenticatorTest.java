package io.kinesisonkafka.adapter.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kinesisonkafka.adapter.errors.KinesisErrorCode;
import io.kinesisonkafka.adapter.errors.KinesisException;
import io.kinesisonkafka.adapter.server.http.ApiRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4PresignerParams;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Requests signed by the real AWS SDK, turned into what the transport hands over, must verify;
 * every kind of tampering must not.
 */
class SigV4AuthenticatorTest {
  private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
  private static final String KEY = "AKIDEXAMPLE";
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String REGION = "us-east-1";
  private static final byte[] BODY = {
    (byte) 0xbf, 0x6a, 'S', 't', 'r', 'e', 'a', 'm', 0, (byte) 0xff
  };

  private final SigV4Authenticator authenticator =
      new SigV4Authenticator(
          Map.of(KEY, SECRET, "AKIDOTHER", "other-secret"),
          REGION,
          Clock.fixed(NOW, ZoneOffset.UTC));

  // ---- requests signed like the Java SDK's Kinesis client ----------------------------------

  @Test
  void acceptsARequestSignedLikeTheJavaSdk() {
    ApiRequest request = signed(r -> {});

    assertThat(request.header("authorization"))
        .contains(
            "SignedHeaders=amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;"
                + "x-amz-content-sha256;x-amz-date;x-amz-target,");
    assertAccepted(request);
  }

  @Test
  void refusesAWrongSecret() {
    ApiRequest request =
        signed(AwsCredentialsIdentity.create(KEY, "not-the-secret"), REGION, NOW, r -> {});

    assertRefused(request, KinesisErrorCode.INVALID_SIGNATURE, SigV4Authenticator.MISMATCH);
  }

  @Test
  void refusesAnUnknownAccessKey() {
    ApiRequest request =
        signed(AwsCredentialsIdentity.create("AKIDUNKNOWN", SECRET), REGION, NOW, r -> {});

    assertRefused(
        request,
        KinesisErrorCode.UNRECOGNIZED_CLIENT,
        "The security token included in the request is invalid.");
  }

  @Test
  void refusesAStaleDate() {
    ApiRequest request = signedAt(NOW.minus(Duration.ofMinutes(16)));

    assertRefused(
        request,
        KinesisErrorCode.INVALID_SIGNATURE,
        "Signature expired: 20240501T114400Z is now earlier than 20240501T114500Z"
            + " (20240501T120000Z - 15 min.)");
  }

  @Test
  void refusesADateTooFarAhead() {
    ApiRequest request = signedAt(NOW.plus(Duration.ofMinutes(16)));

    assertRefused(
        request,
        KinesisErrorCode.INVALID_SIGNATURE,
        "Signature not yet current: 20240501T121600Z is still later than 20240501T121500Z"
            + " (20240501T120000Z + 15 min.)");
  }

  @Test
  void acceptsClockSkewUpToFifteenMinutes() {
    assertAccepted(signedAt(NOW.minus(Duration.ofMinutes(15))));
    assertAccepted(signedAt(NOW.plus(Duration.ofMinutes(15))));
  }

  @Test
  void refusesATamperedBody() {
    byte[] tampered = BODY.clone();
    tampered[3] ^= 1;

    assertRefused(
        withBody(signed(r -> {}), tampered),
        KinesisErrorCode.INVALID_SIGNATURE,
        SigV4Authenticator.MISMATCH);
  }

  @Test
  void refusesATamperedSignedHeader() {
    ApiRequest request = with(signed(r -> {}), "x-amz-target", "Kinesis_20131202.DeleteStream");

    assertRefused(request, KinesisErrorCode.INVALID_SIGNATURE, SigV4Authenticator.MISMATCH);
  }

  @Test
  void refusesASignedHeaderThatDidNotArrive() {
    ApiRequest request = with(signed(r -> {}), "amz-sdk-request", null);

    assertRefused(request, KinesisErrorCode.INVALID_SIGNATURE, SigV4Authenticator.MISMATCH);
  }

  @Test
  void acceptsChangesToUnsignedHeaders() {
    ApiRequest request = signed(r -> {});
    request = with(request, "user-agent", "something/else");
    request = with(request, "x-forwarded-for", "10.0.0.1");
    request = with(request, "accept-encoding", "gzip");

    assertAccepted(request);
  }

  @Test
  void acceptsAContentLengthTheTransportDropped() {
    assertAccepted(with(signed(r -> {}), "content-length", null));
  }

  @Test
  void refusesAnotherRegion() {
    ApiRequest request =
        signed(AwsCredentialsIdentity.create(KEY, SECRET), "eu-west-1", NOW, r -> {});

    assertRefused(
        request,
        KinesisErrorCode.INVALID_SIGNATURE,
        "Credential should be scoped to a valid region, not 'eu-west-1'.");
  }

  @Test
  void refusesAnotherServiceButAcceptsFirehose() {
    ApiRequest dynamo =
        signed(r -> r.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb"));
    ApiRequest firehose =
        signed(r -> r.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "firehose"));

    assertRefused(
        dynamo,
        KinesisErrorCode.INVALID_SIGNATURE,
        "Credential should be scoped to correct service: 'kinesis'.");
    assertAccepted(firehose);
  }

  @Test
  void acceptsHttp2WithAuthorityInsteadOfHost() {
    ApiRequest request = signed(r -> {});
    String host = request.header("host");
    request = with(with(request, "host", null), ":authority", host);

    assertAccepted(request);
    assertRefused(
        with(request, ":authority", "evil.example.com"),
        KinesisErrorCode.INVALID_SIGNATURE,
        SigV4Authenticator.MISMATCH);
  }

  @Test
  void acceptsSessionCredentialsOfAKnownKey() {
    ApiRequest request =
        signed(
            AwsSessionCredentialsIdentity.create(KEY, SECRET, "FwoGZXIvYXdzEBYaDSESSIONTOKEN"),
            REGION,
            NOW,
            r -> {});

    assertThat(request.header("authorization")).contains("x-amz-security-token");
    assertAccepted(request);
    assertRefused(
        with(request, "x-amz-security-token", "another-token"),
        KinesisErrorCode.INVALID_SIGNATURE,
        SigV4Authenticator.MISMATCH);
  }

  @Test
  void acceptsAnUnsignedPayloadTheClientDeclared() {
    ApiRequest request = signed(r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));

    assertThat(request.header("x-amz-content-sha256")).isEqualTo("UNSIGNED-PAYLOAD");
    assertAccepted(request);
    assertAccepted(withBody(request, "not what was sent".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void refusesTurningASignedPayloadIntoAnUnsignedOne() {
    ApiRequest request = with(signed(r -> {}), "x-amz-content-sha256", "UNSIGNED-PAYLOAD");

    assertRefused(request, KinesisErrorCode.INVALID_SIGNATURE, SigV4Authenticator.MISMATCH);
  }

  @Test
  void refusesMissingAuthentication() {
    ApiRequest request = with(signed(r -> {}), "authorization", null);

    assertRefused(
        request, KinesisErrorCode.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
  }

  @ParameterizedTest
  @ValueSource(strings = {"Credential", "SignedHeaders", "Signature"})
  void refusesAnIncompleteAuthorization(String parameter) {
    ApiRequest request = signed(r -> {});
    String broken = request.header("authorization").replaceAll(parameter + "=[^,]*", "");

    assertRefused(
        with(request, "authorization", broken),
        KinesisErrorCode.INCOMPLETE_SIGNATURE,
        "Authorization header requires '" + parameter + "' parameter. Authorization=");
  }

  @Test
  void refusesAnAuthorizationWithoutDate() {
    ApiRequest request = with(signed(r -> {}), "x-amz-date", null);

    assertRefused(
        request,
        KinesisErrorCode.INCOMPLETE_SIGNATURE,
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }

  @Test
  void refusesARequestDatedOnlyByTheDateHeader() {
    ApiRequest request = with(signed(r -> {}), "x-amz-date", null);

    assertRefused(
        with(request, "date", "Wed, 01 May 2024 12:00:00 GMT"),
        KinesisErrorCode.INCOMPLETE_SIGNATURE,
        "the 'Date' header is not supported");
  }

  @Test
  void refusesAnotherAlgorithmAndMalformedCredentials() {
    ApiRequest request = signed(r -> {});
    String authorization = request.header("authorization");

    assertRefused(
        with(request, "authorization", authorization.replace("AWS4-HMAC-SHA256", "AWS4-X")),
        KinesisErrorCode.INCOMPLETE_SIGNATURE,
        "Unsupported AWS 'algorithm': 'AWS4-X'");
    assertRefused(
        with(request, "authorization", authorization.replace("/aws4_request", "")),
        KinesisErrorCode.INCOMPLETE_SIGNATURE,
        "Credential should be of the form");
    assertRefused(
        with(request, "x-amz-date", "2024-05-01T12:00:00Z"),
        KinesisErrorCode.INCOMPLETE_SIGNATURE,
        "Date must be in ISO-8601 'basic format'.");
  }

  @Test
  void refusesAScopeDateOtherThanTheRequestDate() {
    ApiRequest request = signed(r -> {});
    String authorization = request.header("authorization").replace("/20240501/", "/20240430/");

    assertRefused(
        with(request, "authorization", authorization),
        KinesisErrorCode.INVALID_SIGNATURE,
        "Date in Credential scope does not match YYYYMMDD");
  }

  @Test
  void refusesBothHeaderAndQueryAuthentication() {
    ApiRequest request = withQuery(signed(r -> {}), "X-Amz-Algorithm=AWS4-HMAC-SHA256");

    assertRefused(
        request,
        KinesisErrorCode.INVALID_SIGNATURE,
        "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP"
            + " header.");
  }

  @Test
  void explainsSignedHeadersTheSdkCannotReproduce() {
    ApiRequest request = signed(r -> {});
    String foreign =
        signed(
                AwsCredentialsIdentity.create(KEY, "a .NET client signing user-agent"),
                REGION,
                NOW,
                r -> {})
            .header("authorization");
    String authorization = foreign.replace(";host;", ";host;user-agent;");

    assertRefused(
        with(request, "authorization", authorization),
        KinesisErrorCode.INVALID_SIGNATURE,
        "never signs user-agent");
  }

  @Test
  void ignoresAClaimedSignedHeaderTheSdkNeverSigns() {
    ApiRequest request = signed(r -> {});
    String authorization = request.header("authorization").replace(";host;", ";host;user-agent;");

    assertAccepted(with(request, "authorization", authorization));
  }

  // ---- clients that do not sign x-amz-content-sha256 (AWS CLI, Go, JS) ---------------------

  @Test
  void acceptsClientsThatDoNotSignTheContentHash() {
    ApiRequest request = signedByLegacySigner(REGION);

    assertThat(request.header("authorization")).doesNotContain("x-amz-content-sha256");
    assertThat(request.header("x-amz-content-sha256")).isNull();
    assertAccepted(request);
  }

  @Test
  void refusesTamperingWhenTheContentHashIsNotSigned() {
    ApiRequest request = signedByLegacySigner(REGION);
    byte[] tampered = BODY.clone();
    tampered[0] ^= 1;

    assertRefused(
        withBody(request, tampered),
        KinesisErrorCode.INVALID_SIGNATURE,
        SigV4Authenticator.MISMATCH);
    assertRefused(
        with(request, "x-amz-target", "Kinesis_20131202.DeleteStream"),
        KinesisErrorCode.INVALID_SIGNATURE,
        SigV4Authenticator.MISMATCH);
    assertRefused(
        with(request, "x-amz-content-sha256", "UNSIGNED-PAYLOAD"),
        KinesisErrorCode.INVALID_SIGNATURE,
        SigV4Authenticator.MISMATCH);
  }

  // ---- presigned query-string authentication ----------------------------------------------

  @Test
  void acceptsAPresignedRequest() {
    ApiRequest request = presigned(Duration.ofMinutes(5), NOW);

    assertThat(request.header("authorization")).isNull();
    assertThat(request.query()).contains("X-Amz-Signature=");
    assertAccepted(request);
  }

  @Test
  void refusesAnExpiredPresignedRequest() {
    assertAccepted(presigned(Duration.ofHours(1), NOW.minus(Duration.ofMinutes(59))));
    assertRefused(
        presigned(Duration.ofMinutes(5), NOW.minus(Duration.ofMinutes(6))),
        KinesisErrorCode.INVALID_SIGNATURE,
        "Signature expired: 20240501T115900Z is now earlier than 20240501T120000Z");
  }

  @Test
  void refusesATamperedPresignedRequest() {
    ApiRequest request = presigned(Duration.ofMinutes(5), NOW);

    assertRefused(
        withQuery(request, request.query().replace("X-Amz-Expires=300", "X-Amz-Expires=900")),
        KinesisErrorCode.INVALID_SIGNATURE,
        SigV4Authenticator.MISMATCH);
    assertRefused(
        withBody(request, new byte[] {1, 2, 3}),
        KinesisErrorCode.INVALID_SIGNATURE,
        SigV4Authenticator.MISMATCH);
    assertRefused(
        withQuery(request, request.query().replaceAll("&?X-Amz-Credential=[^&]*", "")),
        KinesisErrorCode.INCOMPLETE_SIGNATURE,
        "AWS query-string parameters must include 'X-Amz-Credential'.");
  }

  @Test
  void acceptsAPresignedRequestWithoutExpiry() {
    ApiRequest request = presigned(null, NOW);

    assertThat(request.query()).doesNotContain("X-Amz-Expires");
    assertThat(request.query()).contains("x-amz-content-sha256");
    assertThat(request.header("x-amz-content-sha256")).isNotNull();
    assertAccepted(request);
    assertRefused(
        presigned(null, NOW.minus(Duration.ofMinutes(16))),
        KinesisErrorCode.INVALID_SIGNATURE,
        "Signature expired:");
  }

  @Test
  void acceptsAPresignedRequestFromTheLegacySigner() {
    ApiRequest request = presignedByLegacySigner();

    assertThat(request.query()).contains("X-Amz-Expires=");
    assertAccepted(request);
    assertRefused(
        withBody(request, new byte[] {1, 2, 3}),
        KinesisErrorCode.INVALID_SIGNATURE,
        SigV4Authenticator.MISMATCH);
  }

  // ---- what the real Kinesis clients send ---------------------------------------------------

  @Test
  void verifiesWhatTheSyncKinesisClientSends() {
    AtomicReference<ApiRequest> sent = new AtomicReference<>();
    try (KinesisClient client =
        KinesisClient.builder()
            .endpointOverride(URI.create("http://localhost:4567"))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
            .httpClientBuilder(ApacheHttpClient.builder())
            .overrideConfiguration(o -> o.addExecutionInterceptor(capture(sent)))
            .build()) {
      assertCaptured(
          () ->
              client.putRecord(
                  r -> r.streamName("s").partitionKey("k").data(SdkBytes.fromUtf8String("hello"))));
    }

    assertThatCode(
            () -> new SigV4Authenticator(Map.of(KEY, SECRET), REGION).authenticate(sent.get()))
        .doesNotThrowAnyException();
  }

  @Test
  void verifiesWhatTheAsyncKinesisClientSendsOverHttp2() {
    AtomicReference<ApiRequest> sent = new AtomicReference<>();
    try (KinesisAsyncClient client =
        KinesisAsyncClient.builder()
            .endpointOverride(URI.create("http://localhost:4567"))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
            .httpClientBuilder(NettyNioAsyncHttpClient.builder())
            .overrideConfiguration(o -> o.addExecutionInterceptor(capture(sent)))
            .build()) {
      CompletableFuture<?> call =
          client.putRecord(
              r -> r.streamName("s").partitionKey("k").data(SdkBytes.fromUtf8String("hello")));
      assertCaptured(call::join);
    }
    ApiRequest http2 =
        with(with(sent.get(), "host", null), ":authority", sent.get().header("host"));

    assertThatCode(() -> new SigV4Authenticator(Map.of(KEY, SECRET), REGION).authenticate(http2))
        .doesNotThrowAnyException();
  }

  /** Thrown once the SDK has signed the request, so nothing reaches the network. */
  private static final class Captured extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Captured() {
      super("captured before transmission", null, false, false);
    }
  }

  private static void assertCaptured(ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    while (thrown != null && !(thrown instanceof Captured)) {
      thrown = thrown.getCause();
    }
    assertThat(thrown).isInstanceOf(Captured.class);
  }

  private static ExecutionInterceptor capture(AtomicReference<ApiRequest> sent) {
    return new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(
          Context.BeforeTransmission context, ExecutionAttributes attributes) {
        byte[] body =
            context
                .requestBody()
                .map(b -> readAll(b.contentStreamProvider()))
                .or(() -> context.asyncRequestBody().map(SigV4AuthenticatorTest::collect))
                .orElse(new byte[0]);
        sent.set(toApiRequest(context.httpRequest(), body));
        throw new Captured();
      }
    };
  }

  // ---- signing helpers ------------------------------------------------------------------------

  private static ApiRequest signed(Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
    return signed(AwsCredentialsIdentity.create(KEY, SECRET), REGION, NOW, extra);
  }

  private static ApiRequest signedAt(Instant at) {
    return signed(AwsCredentialsIdentity.create(KEY, SECRET), REGION, at, r -> {});
  }

  /** Signed the way the Kinesis client's SRA signing stage does: AwsV4HttpSigner, header auth. */
  private static ApiRequest signed(
      AwsCredentialsIdentity identity,
      String region,
      Instant at,
      Consumer<SignRequest.Builder<AwsCredentialsIdentity>> extra) {
    SdkHttpRequest signedRequest =
        AwsV4HttpSigner.create()
            .sign(
                r -> {
                  r.identity(identity)
                      .request(kinesisRequest())
                      .payload(ContentStreamProvider.fromByteArray(BODY))
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                      .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                      .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
                  extra.accept(r);
                })
            .request();
    return toApiRequest(signedRequest, BODY);
  }

  /** Signed by the SDK's legacy signer, which like botocore leaves x-amz-content-sha256 out. */
  @SuppressWarnings("deprecation")
  private static ApiRequest signedByLegacySigner(String region) {
    Aws4SignerParams params =
        Aws4SignerParams.builder()
            .awsCredentials(AwsBasicCredentials.create(KEY, SECRET))
            .signingName("kinesis")
            .signingRegion(Region.of(region))
            .signingClockOverride(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    SdkHttpFullRequest request =
        kinesisRequest().toBuilder()
            .contentStreamProvider(ContentStreamProvider.fromByteArray(BODY))
            .build();
    return toApiRequest(Aws4Signer.create().sign(request, params), BODY);
  }

  @SuppressWarnings("deprecation")
  private static ApiRequest presignedByLegacySigner() {
    Aws4PresignerParams params =
        Aws4PresignerParams.builder()
            .awsCredentials(AwsBasicCredentials.create(KEY, SECRET))
            .signingName("kinesis")
            .signingRegion(Region.of(REGION))
            .signingClockOverride(Clock.fixed(NOW, ZoneOffset.UTC))
            .expirationTime(NOW.plus(Duration.ofMinutes(10)))
            .build();
    SdkHttpFullRequest request =
        kinesisRequest().toBuilder()
            .contentStreamProvider(ContentStreamProvider.fromByteArray(BODY))
            .build();
    return toApiRequest(Aws4Signer.create().presign(request, params), BODY);
  }

  /** Presigned by the SDK; without an expiry it signs an x-amz-content-sha256 header too. */
  private static ApiRequest presigned(Duration expires, Instant at) {
    SdkHttpRequest request =
        AwsV4HttpSigner.create()
            .sign(
                r -> {
                  r.identity(AwsSessionCredentialsIdentity.create(KEY, SECRET, "SESSION"))
                      .request(kinesisRequest())
                      .payload(ContentStreamProvider.fromByteArray(BODY))
                      .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "kinesis")
                      .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                      .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                      .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC));
                  if (expires != null) {
                    r.putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expires);
                  }
                })
            .request();
    return toApiRequest(request, BODY);
  }

  /** The headers the Java SDK v2 Kinesis client sends, before signing adds its own. */
  private static SdkHttpFullRequest kinesisRequest() {
    return SdkHttpFullRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(URI.create("https://kinesis.us-east-1.amazonaws.com/"))
        .putHeader("Content-Type", "application/x-amz-cbor-1.1")
        .putHeader("X-Amz-Target", "Kinesis_20131202.PutRecord")
        .putHeader("amz-sdk-invocation-id", "3f1c8a52-6d3e-4f5b-9a0e-2b7c1d4e5f60")
        .putHeader("amz-sdk-request", "attempt=1; max=4")
        .putHeader("Content-Length", Integer.toString(BODY.length))
        .putHeader("User-Agent", "aws-sdk-java/2.52.0 md/io#sync md/http#Apache ua/2.1")
        .build();
  }

  // ---- the transport's view of a request ------------------------------------------------------

  private static ApiRequest toApiRequest(SdkHttpRequest request, byte[] body) {
    Map<String, String> headers = new HashMap<>();
    request
        .headers()
        .forEach(
            (name, values) ->
                headers.merge(
                    name.toLowerCase(java.util.Locale.ROOT),
                    String.join(", ", values),
                    (a, b) -> a + ", " + b));
    String query = request.getUri().getRawQuery();
    return new ApiRequest(
        request.method().name(),
        request.encodedPath().isEmpty() ? "/" : request.encodedPath(),
        query == null ? "" : query,
        Map.copyOf(headers),
        body,
        "127.0.0.1:50000",
        "HTTP/1.1",
        true);
  }

  private static ApiRequest with(ApiRequest request, String header, String value) {
    Map<String, String> headers = new HashMap<>(request.headers());
    if (value == null) {
      headers.remove(header);
    } else {
      headers.put(header, value);
    }
    return new ApiRequest(
        request.method(),
        request.path(),
        request.query(),
        Map.copyOf(headers),
        request.body(),
        request.remoteAddress(),
        request.protocol(),
        request.tls());
  }

  private static ApiRequest withBody(ApiRequest request, byte[] body) {
    return new ApiRequest(
        request.method(),
        request.path(),
        request.query(),
        request.headers(),
        body,
        request.remoteAddress(),
        request.protocol(),
        request.tls());
  }

  private static ApiRequest withQuery(ApiRequest request, String query) {
    return new ApiRequest(
        request.method(),
        request.path(),
        query,
        request.headers(),
        request.body(),
        request.remoteAddress(),
        request.protocol(),
        request.tls());
  }

  private void assertAccepted(ApiRequest request) {
    assertThatCode(() -> authenticator.authenticate(request)).doesNotThrowAnyException();
  }

  private void assertRefused(ApiRequest request, KinesisErrorCode code, String message) {
    assertThatThrownBy(() -> authenticator.authenticate(request))
        .isInstanceOfSatisfying(
            KinesisException.class,
            e -> {
              assertThat(e.code()).isEqualTo(code);
              assertThat(e.getMessage()).contains(message.trim());
            });
  }

  private static byte[] readAll(ContentStreamProvider provider) {
    try (InputStream in = provider.newStream()) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] collect(Publisher<ByteBuffer> publisher) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    publisher.subscribe(
        new Subscriber<ByteBuffer>() {
          @Override
          public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(ByteBuffer buffer) {
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            out.write(bytes, 0, bytes.length);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }

          @Override
          public void onComplete() {
            done.complete(out.toByteArray());
          }
        });
    return done.join();
  }
}
