package io.cvlan.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seams between the three runtime halves (operator, registration API, agent) and the floor they share.
 * Data flows one way: CRDs → reconcilers → claims, Secrets, ConfigMaps → agent → WireGuard; the rules both
 * sides apply live in packages neither side owns ({@code model}, {@code pki}, {@code token}, {@code peers}).
 */
class PackageSeamsTest {
  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.cvlan");
  }

  @Test
  void registrationApiDoesNotReachIntoTheOperator() {
    noClasses().that().resideInAPackage("io.cvlan.registration..")
        .should().dependOnClassesThat().resideInAnyPackage("io.cvlan.operator..", "io.cvlan.cli..", "io.cvlan.demo..")
        .check(production);
  }

  @Test
  void agentDependsOnTheWireProtocolOnly() {
    noClasses().that().resideInAPackage("io.cvlan.agent..")
        .should().dependOnClassesThat().resideInAnyPackage("io.cvlan.operator..", "io.cvlan.cli..", "io.cvlan.demo..",
            "io.cvlan.bench..", "io.cvlan.registration", "io.cvlan.registration.http..", "io.cvlan.registration.cache..",
            "io.cvlan.registration.poll..", "io.cvlan.registration.register..", "io.cvlan.registration.tls..")
        .check(production);
  }

  @Test
  void sharedFloorImportsNoRuntimeHalf() {
    noClasses().that().resideInAnyPackage("io.cvlan.api..", "io.cvlan.token..", "io.cvlan.ipam..", "io.cvlan.pki..",
            "io.cvlan.peers..", "io.cvlan.model..", "io.cvlan.build..", "io.cvlan.cache..", "io.cvlan.kube..")
        .should().dependOnClassesThat().resideInAnyPackage("io.cvlan.operator..", "io.cvlan.registration..", "io.cvlan.agent..",
            "io.cvlan.cli..", "io.cvlan.demo..", "io.cvlan.bench..", "io.cvlan.embedded..")
        .check(production);
  }

  @Test
  void crdModelImportsNothingOfOurs() {
    floor("io.cvlan.api..");
  }

  /** Facts about the API server (a namespace being deleted) that any layer may consult. */
  @Test
  void kubeFactsImportNothingOfOurs() {
    floor("io.cvlan.kube..");
  }

  @Test
  void tokenCodecImportsOnlyTheCrdModelAndKubeFacts() {
    floor("io.cvlan.token..", "io.cvlan.api..", "io.cvlan.kube..");
  }

  @Test
  void allocationCertificatesPeersAndCachesImportOnlyTheCrdModel() {
    floor("io.cvlan.ipam..", "io.cvlan.api..", "io.cvlan.cache..");
    floor("io.cvlan.pki..", "io.cvlan.api..");
    floor("io.cvlan.peers..", "io.cvlan.api..");
    floor("io.cvlan.cache..", "io.cvlan.api..");
  }

  /** Classes of {@code layer} depend on nothing of ours outside {@code layer} and {@code below}. */
  private static void floor(String layer, String... below) {
    String[] allowed = new String[below.length + 1];
    allowed[0] = layer;
    System.arraycopy(below, 0, allowed, 1, below.length);
    classes().that().resideInAPackage(layer)
        .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.cvlan..").or(resideInAnyPackage(allowed)))
        .check(production);
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.cvlan.(**)").should().beFreeOfCycles().check(production);
  }
}
