package io.kinesisonkafka.producer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** producer-lib's layering, as ARCHITECTURE.md states it (the modules table). */
class ProducerArchitectureTest {
  private static final JavaClasses PRODUCER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.kinesisonkafka.producer");

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
        .check(PRODUCER);
  }

  @Test
  void onlyTheKafkaFacingPackageAndThePartitionerImportKafka() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.kinesisonkafka.producer.internals.kafka..")
        .and()
        .doNotBelongToAnyOf(KinesisPartitioner.class)
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .because("KinesisPartitioner is a Kafka Partitioner; the rest writes through RecordSink")
        .check(PRODUCER);
  }
}
