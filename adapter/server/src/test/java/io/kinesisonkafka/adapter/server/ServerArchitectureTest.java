package io.kinesisonkafka.adapter.server;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The server's layering, as ARCHITECTURE.md states it ("adapter, by package"). */
class ServerArchitectureTest {
  private static final JavaClasses SERVER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.kinesisonkafka.adapter.server", "io.kinesisonkafka.adapter.cli");

  @Test
  void theHttpTransportKnowsNothingOfKinesis() {
    classes()
        .that()
        .resideInAPackage("io.kinesisonkafka.adapter.server.http..")
        .should()
        .onlyDependOnClassesThat(
            resideOutsideOfPackages(
                    "io.kinesisonkafka..", "org.apache.kafka..", "software.amazon..")
                .or(resideInAPackage("io.kinesisonkafka.adapter.server.http..")))
        .because("the transport serves bytes; the protocol layer above it speaks Kinesis")
        .check(SERVER);
  }

  @Test
  void theProtocolLayerKnowsNothingOfKafka() {
    noClasses()
        .that()
        .resideInAPackage("io.kinesisonkafka.adapter.server.protocol..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.kafka..",
            "io.kinesisonkafka.adapter.internals..",
            "io.kinesisonkafka.adapter.catalog..")
        .check(SERVER);
  }

  @Test
  void theOperationsCallTheEnginesPublicApiOnly() {
    noClasses()
        .that()
        .resideInAPackage("io.kinesisonkafka.adapter.server.operations..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.kinesisonkafka.adapter.internals..", "org.apache.kafka..")
        .because("a handler translates a request into a KinesisEngine call, nothing more")
        .check(SERVER);
  }

  @Test
  void theServerReachesKafkaOnlyThroughTheEngine() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..", "io.kinesisonkafka.adapter.internals..")
        .check(SERVER);
  }
}
