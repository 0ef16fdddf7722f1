package io.kinesisonkafka.lambda;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** lambda-runner's layering: a library with a daemon on top. */
class LambdaArchitectureTest {
  private static final JavaClasses LAMBDA =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.kinesisonkafka.lambda");

  @Test
  void theLibraryUsesConsumerLibAndTheEnginesPublicApiOnly() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.kinesisonkafka.adapter.server..",
            "io.kinesisonkafka.adapter.cli..",
            "io.kinesisonkafka.adapter.internals..",
            "io.kinesisonkafka.consumer.internals..")
        .because("the runner is a consumer-lib application like any other")
        .check(LAMBDA);
  }

  @Test
  void onlyTheKafkaFacingPackageImportsKafka() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.kinesisonkafka.lambda.internals.kafka..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .because("reading is consumer-lib's; only the on-failure topic writer talks to Kafka")
        .check(LAMBDA);
  }

  @Test
  void onlyTheDaemonUsesItsCommandLineLoggingBindingAndPrometheus() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.kinesisonkafka.lambda.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "picocli..", "ch.qos.logback..", "io.micrometer.prometheusmetrics..", "com.sun.net..")
        .because("they are provided-scope: on the daemon's class path, on no library user's")
        .check(LAMBDA);
  }
}
