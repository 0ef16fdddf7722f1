package io.kinesisonkafka.firehose;

import com.adobe.testing.s3mock.S3MockApplication;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Adobe's S3Mock in this JVM, and real S3 clients of it. */
final class S3Mocks {
  private S3Mocks() {}

  static S3MockApplication start(Path root, String... buckets) {
    return S3MockApplication.start(
        new java.util.HashMap<>(
            Map.of(
                S3MockApplication.PROP_HTTP_PORT,
                S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_HTTPS_PORT,
                S3MockApplication.RANDOM_PORT,
                S3MockApplication.PROP_INITIAL_BUCKETS,
                String.join(",", buckets),
                S3MockApplication.PROP_ROOT_DIRECTORY,
                root.toString(),
                S3MockApplication.PROP_SILENT,
                true)));
  }

  static S3Client client(S3MockApplication s3) {
    return S3Client.builder()
        .endpointOverride(URI.create("http://localhost:" + s3.getHttpPort()))
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "SECRET")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
