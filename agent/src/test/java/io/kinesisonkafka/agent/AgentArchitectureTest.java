package io.kinesisonkafka.agent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The agent's layering, as ARCHITECTURE.md states it. */
class AgentArchitectureTest {
  private static final JavaClasses AGENT =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.kinesisonkafka.agent");

  @Test
  void theAgentUsesPublicApisOfTheEngineAndProducerLibOnly() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.kinesisonkafka.adapter.server..",
            "io.kinesisonkafka.adapter.cli..",
            "io.kinesisonkafka.adapter.internals..",
            "io.kinesisonkafka.producer.internals..",
            "io.kinesisonkafka.firehose..")
        .because(
            "streams are written through producer-lib's API; delivery streams in the bridge's"
                + " DirectPut record format, without the bridge's jar")
        .check(AGENT);
  }

  @Test
  void onlyTheKafkaFacingPackageImportsKafka() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.kinesisonkafka.agent.internals.kafka..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .check(AGENT);
  }

  @Test
  void processingOptionsKnowNothingOfFilesOrKafka() {
    noClasses()
        .that()
        .resideInAPackage("io.kinesisonkafka.agent.processing..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.kinesisonkafka.agent.internals..",
            "io.kinesisonkafka.producer..",
            "java.nio.file..")
        .check(AGENT);
  }
}
