package io.kinesisonkafka.firehose;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** firehose-bridge's layering, as ARCHITECTURE.md states it ("firehose-bridge, by package"). */
class FirehoseArchitectureTest {
  private static final JavaClasses FIREHOSE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.kinesisonkafka.firehose");

  /**
   * The library is everything but the daemon ({@code cli}) and the Firehose API: {@link
   * FirehoseApi} and {@code internals.api}, which plug the operations into the server's protocol
   * layer.
   */
  @Test
  void theLibraryPackagesNeverImportTheServer() {
    noClasses()
        .that()
        .resideOutsideOfPackages(
            "io.kinesisonkafka.firehose.cli..", "io.kinesisonkafka.firehose.internals.api..")
        .and()
        .doNotBelongToAnyOf(FirehoseApi.class)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.kinesisonkafka.adapter.server..", "io.kinesisonkafka.adapter.cli..")
        .check(FIREHOSE);
  }

  @Test
  void theFirehoseApiUsesOnlyTheServersProtocolLayer() {
    noClasses()
        .that()
        .resideInAPackage("io.kinesisonkafka.firehose.internals.api..")
        .or()
        .belongToAnyOf(FirehoseApi.class)
        .should()
        .dependOnClassesThat(
            resideInAnyPackage(
                    "io.kinesisonkafka.adapter.server..", "io.kinesisonkafka.adapter.cli..")
                .and(not(resideInAPackage("io.kinesisonkafka.adapter.server.protocol.."))))
        .because("the operations plug into OperationRegistry and read requests, nothing more")
        .check(FIREHOSE);
  }

  @Test
  void noPartOfTheBridgeImportsEngineInternals() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.kinesisonkafka.adapter.internals..")
        .check(FIREHOSE);
  }

  @Test
  void onlyTheKafkaFacingPackageImportsKafka() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.kinesisonkafka.firehose.internals.kafka..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .check(FIREHOSE);
  }
}
