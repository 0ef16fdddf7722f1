package io.kinesisonkafka.connect.internals;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * How both connectors reach a Kinesis endpoint: the settings they share (endpoint, region,
 * credentials, assume-role) declared once, and the AWS SDK v2 client built from them. AWS itself
 * when no endpoint is given; LocalStack, kinesis-mock or this project's server otherwise.
 */
public record KinesisAccess(
    URI endpoint,
    Region region,
    String accessKeyId,
    Password secretAccessKey,
    String roleArn,
    String roleSessionName,
    String roleExternalId) {

  public static final String ENDPOINT = "kinesis.endpoint";
  public static final String REGION = "aws.region";
  public static final String ACCESS_KEY_ID = "aws.access.key.id";
  public static final String SECRET_ACCESS_KEY = "aws.secret.access.key";
  public static final String ROLE_ARN = "aws.assume.role.arn";
  public static final String ROLE_SESSION_NAME = "aws.assume.role.session.name";
  public static final String ROLE_EXTERNAL_ID = "aws.assume.role.external.id";

  private static final String GROUP = "Kinesis endpoint";

  /** Adds the shared settings to a connector's table. */
  public static ConfigDef define(ConfigDef def) {
    int order = 0;
    return def.define(
            ENDPOINT,
            Type.STRING,
            "",
            KinesisAccess::validateEndpoint,
            Importance.HIGH,
            "The Kinesis endpoint, e.g. http://localhost:4567 for this project's server, LocalStack or"
                + " kinesis-mock. Empty: AWS's own endpoint for the region.",
            GROUP,
            ++order,
            ConfigDef.Width.LONG,
            "Endpoint")
        .define(
            REGION,
            Type.STRING,
            "us-east-1",
            new ConfigDef.NonEmptyString(),
            Importance.HIGH,
            "The AWS region.",
            GROUP,
            ++order,
            ConfigDef.Width.SHORT,
            "Region")
        .define(
            ACCESS_KEY_ID,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "An access key id; empty: the SDK's default credentials provider chain (environment,"
                + " system properties, profile, container or instance role).",
            GROUP,
            ++order,
            ConfigDef.Width.MEDIUM,
            "Access key id")
        .define(
            SECRET_ACCESS_KEY,
            Type.PASSWORD,
            "",
            Importance.MEDIUM,
            "The secret key of aws.access.key.id.",
            GROUP,
            ++order,
            ConfigDef.Width.MEDIUM,
            "Secret access key")
        .define(
            ROLE_ARN,
            Type.STRING,
            "",
            Importance.LOW,
            "A role to assume (STS AssumeRole) with the credentials above; empty: none.",
            GROUP,
            ++order,
            ConfigDef.Width.LONG,
            "Role ARN")
        .define(
            ROLE_SESSION_NAME,
            Type.STRING,
            "kinesis-kafka-connect",
            Importance.LOW,
            "The session name for aws.assume.role.arn.",
            GROUP,
            ++order,
            ConfigDef.Width.MEDIUM,
            "Role session name")
        .define(
            ROLE_EXTERNAL_ID,
            Type.STRING,
            "",
            Importance.LOW,
            "The external id for aws.assume.role.arn; empty: none.",
            GROUP,
            ++order,
            ConfigDef.Width.MEDIUM,
            "Role external id");
  }

  /** The shared settings out of a parsed connector configuration. */
  public static KinesisAccess from(AbstractConfig config) {
    String endpoint = config.getString(ENDPOINT);
    return new KinesisAccess(
        endpoint.isBlank() ? null : URI.create(endpoint.trim()),
        Region.of(config.getString(REGION)),
        config.getString(ACCESS_KEY_ID),
        config.getPassword(SECRET_ACCESS_KEY),
        config.getString(ROLE_ARN),
        config.getString(ROLE_SESSION_NAME),
        config.getString(ROLE_EXTERNAL_ID));
  }

  /** A synchronous client; the caller closes it. The SDK's own retries are off: we back off. */
  public KinesisClient client() {
    var builder =
        KinesisClient.builder()
            .region(region)
            .credentialsProvider(credentialsProvider())
            .httpClientBuilder(
                ApacheHttpClient.builder()
                    .maxConnections(16)
                    .connectionTimeout(Duration.ofSeconds(10))
                    .socketTimeout(Duration.ofSeconds(35)))
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(b -> b.maxAttempts(1))
                    .apiCallTimeout(Duration.ofSeconds(40))
                    .build());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  /** The credentials: static keys, or the default chain, and then an assumed role if set. */
  public AwsCredentialsProvider credentialsProvider() {
    AwsCredentialsProvider base =
        accessKeyId.isBlank()
            ? DefaultCredentialsProvider.builder().build()
            : StaticCredentialsProvider.create(
                AwsBasicCredentials.create(accessKeyId, secretAccessKey.value()));
    if (roleArn.isBlank()) {
      return base;
    }
    StsClient sts = StsClient.builder().region(region).credentialsProvider(base).build();
    return StsAssumeRoleCredentialsProvider.builder()
        .stsClient(sts)
        .refreshRequest(
            r -> {
              r.roleArn(roleArn).roleSessionName(roleSessionName);
              if (!roleExternalId.isBlank()) {
                r.externalId(roleExternalId);
              }
            })
        .build();
  }

  private static void validateEndpoint(String name, Object value) {
    String s = value == null ? "" : value.toString().trim();
    if (s.isEmpty()) {
      return;
    }
    try {
      URI uri = new URI(s);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new ConfigException(
            name, value, "must be an http:// or https:// URL with a host, e.g. http://host:4567");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException(name, value, "is not a URL: " + e.getMessage());
    }
  }
}
