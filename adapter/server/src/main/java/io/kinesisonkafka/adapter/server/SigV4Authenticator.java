package io.kinesisonkafka.adapter.server;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.kinesisonkafka.adapter.server.http.ApiRequest;
import io.kinesisonkafka.adapter.server.protocol.ProtocolHandler;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Verifies AWS Signature Version 4 the way Kinesis does, so unmodified SDKs and tools authenticate
 * with the keys configured here. Three steps, each a class of its own: read what the client claims
 * ({@link SigV4Claim}: the Authorization header or a presigned query), check it before any
 * cryptography ({@link SigV4Checks}: scope, time, access key), and re-sign what the client signed
 * with the AWS SDK's own signer ({@link SigV4Resigner}); the two signatures are compared in
 * constant time. The signature is never recomputed by hand.
 *
 * <p>Not verifiable this way, and refused with a message saying so: requests dated by {@code Date}
 * instead of {@code X-Amz-Date}, and signatures over headers the SDK never signs ({@code
 * user-agent}, {@code expect}, …).
 */
final class SigV4Authenticator implements ProtocolHandler.RequestAuthenticator {
  /** The message of a signature that does not match, as Kinesis words it. */
  static final String MISMATCH = SigV4Resigner.MISMATCH;

  private final SigV4Checks checks;

  SigV4Authenticator(Map<String, String> credentials, String region) {
    this(credentials, region, Clock.systemUTC());
  }

  SigV4Authenticator(Map<String, String> credentials, String region, Clock clock) {
    this.checks = new SigV4Checks(credentials, region, clock);
  }

  @Override
  public void authenticate(ApiRequest request) {
    SigV4Claim claim = SigV4Claim.read(request);
    AwsCredentialsIdentity identity = checks.check(claim);
    SigV4Resigner.Resigned resigned = SigV4Resigner.resign(request, claim, identity);
    if (!MessageDigest.isEqual(
        resigned.signature().getBytes(US_ASCII), claim.signature().getBytes(US_ASCII))) {
      throw SigV4Resigner.mismatch(claim, resigned);
    }
  }
}
