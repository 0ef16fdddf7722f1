package io.kinesisonkafka.consumer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** consumer-lib's layering, as ARCHITECTURE.md states it ("consumer-lib, by package"). */
class ConsumerArchitectureTest {
  private static final JavaClasses CONSUMER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.kinesisonkafka.consumer");

  @Test
  void theLibraryNeverImportsTheServerNorEngineInternals() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.kinesisonkafka.adapter.server..",
            "io.kinesisonkafka.adapter.cli..",
            "io.kinesisonkafka.adapter.internals..")
        .because("a library sees the engine through its public catalog view only")
        .check(CONSUMER);
  }

  @Test
  void onlyTheKafkaFacingPackageImportsKafka() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.kinesisonkafka.consumer.internals.kafka..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .because("the rest is what ProcessorTestDriver runs without a broker")
        .check(CONSUMER);
  }

  @Test
  void onlyTheKclPackageImportsTheKcl() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.kinesisonkafka.consumer.kcl..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("software.amazon.kinesis..", "software.amazon.awssdk..")
        .because("the KCL and the SDK are optional dependencies")
        .check(CONSUMER);
  }
}
