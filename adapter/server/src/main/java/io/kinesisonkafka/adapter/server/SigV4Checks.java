package io.kinesisonkafka.adapter.server;

import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.INVALID_SIGNATURE;
import static io.kinesisonkafka.adapter.errors.KinesisErrorCode.UNRECOGNIZED_CLIENT;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The checks before any cryptography, with Kinesis's errors: the credential scope (terminator,
 * date, this server's region, a served service, the headers that must be signed), the time (15
 * minutes of skew, or a presigned URL's expiry) and the access key (one of the configured ones).
 */
final class SigV4Checks {
  static final Duration MAX_SKEW = Duration.ofMinutes(15);
  private static final Set<String> SERVICES = Set.of("kinesis", "firehose");

  private final Map<String, AwsCredentialsIdentity> identities;
  private final String region;
  private final Clock clock;

  SigV4Checks(Map<String, String> credentials, String region, Clock clock) {
    Map<String, AwsCredentialsIdentity> byKey = new HashMap<>();
    credentials.forEach((id, secret) -> byKey.put(id, AwsCredentialsIdentity.create(id, secret)));
    this.identities = Map.copyOf(byKey);
    this.region = Objects.requireNonNull(region);
    this.clock = Objects.requireNonNull(clock);
  }

  /** The identity whose secret signed the claim, if the claim's scope and time are valid. */
  AwsCredentialsIdentity check(SigV4Claim claim) {
    checkScope(claim);
    checkTime(claim);
    AwsCredentialsIdentity identity = identities.get(claim.accessKeyId());
    if (identity == null) {
      throw UNRECOGNIZED_CLIENT.exception("The security token included in the request is invalid.");
    }
    return identity;
  }

  private void checkScope(SigV4Claim claim) {
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

  private void checkTime(SigV4Claim claim) {
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
    return SigV4Claim.AMZ_DATE.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
  }
}
