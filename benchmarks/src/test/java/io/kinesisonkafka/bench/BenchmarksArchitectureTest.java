package io.kinesisonkafka.bench;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The benchmarks measure what users get, so they use what users can: our public APIs. */
class BenchmarksArchitectureTest {
  private static final JavaClasses BENCHMARKS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.kinesisonkafka.bench");

  @Test
  void benchmarksUsePublicApisOnly() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.kinesisonkafka..internals..")
        .because(
            "internals change without notice; the raw kafka-clients side sets its own properties"
                + " (RawKafka)")
        .check(BENCHMARKS);
  }
}
