package io.kinesisonkafka.adapter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Clock;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The engine's layering, as ARCHITECTURE.md states it ("adapter, by package"). */
class EngineArchitectureTest {
  private static final JavaClasses ENGINE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.kinesisonkafka.adapter");

  /** Reading the time: {@code System.currentTimeMillis}, {@code nanoTime}, any {@code now()}. */
  private static final DescribedPredicate<JavaMethodCall> READS_THE_TIME =
      DescribedPredicate.describe(
          "a read of the time",
          call -> {
            String owner = call.getTargetOwner().getName();
            String name = call.getName();
            return (owner.equals(System.class.getName())
                    && (name.equals("currentTimeMillis") || name.equals("nanoTime")))
                || (owner.startsWith("java.time.") && name.equals("now"));
          });

  @Test
  void onlyTheKafkaFacingPackageImportsKafka() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.kinesisonkafka.adapter.internals.kafka..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .because("internals.kafka is the one place that talks to Kafka")
        .check(ENGINE);
  }

  @Test
  void theCatalogStateAndTheMappingUseNoKafkaAndNoClock() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "io.kinesisonkafka.adapter.internals.state..",
            "io.kinesisonkafka.adapter.internals.mapping..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(Clock.class)
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(InstantSource.class)
        .orShould()
        .callMethodWhere(READS_THE_TIME)
        .because(
            "catalog decisions depend only on the log (times come from its records) and the"
                + " mapping is pure codecs, so every instance decides the same")
        .check(ENGINE);
  }
}
