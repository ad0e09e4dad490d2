package io.cvlan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.v1alpha1.CustomResources;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDGenerator;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed CRDs in crds/ are exactly what fabric8's CRD generator makes of the model classes.
 * Refresh them with: ./mvnw -q test -Dtest=CrdsAreUpToDateTest -Dcvlan.updateCrds=true
 */
class CrdsAreUpToDateTest {
  static final Path COMMITTED = Path.of("crds");

  @Test
  void committedCrdsMatchTheModelClasses(@TempDir Path generated) throws IOException {
    generate(generated);
    if (Boolean.getBoolean("cvlan.updateCrds")) {
      copyYaml(generated, COMMITTED);
    }
    assertThat(yamlFiles(COMMITTED))
        .as("crds/ is stale: run ./mvnw -q test -Dtest=CrdsAreUpToDateTest -Dcvlan.updateCrds=true")
        .isEqualTo(yamlFiles(generated));
  }

  static void generate(Path dir) {
    new CRDGenerator()
        .inOutputDir(dir.toFile())
        .forCRDVersions("v1")
        .withPostProcessor(new PrinterColumnsInDeclaredOrder())
        .customResourceClasses(CustomResources.ALL)
        .generate();
  }

  static void copyYaml(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(crdFileName(f)), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** "cvlans.cvlan.io-v1.yml" becomes "cvlans.cvlan.io.yaml": one version of the CRD API, the usual extension. */
  static String crdFileName(Path generated) {
    return generated.getFileName().toString().replace("-v1.yml", ".yaml");
  }

  static Map<String, String> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Map.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .collect(Collectors.toMap(CrdsAreUpToDateTest::crdFileName, f -> read(f)));
    }
  }

  private static String read(Path f) {
    try {
      return Files.readString(f);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The generator sorts columns by jsonPath; kubectl shows them in list order, so restore the declared order. */
  static final class PrinterColumnsInDeclaredOrder implements CRDPostProcessor {
    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
      CustomResourceDefinition definition = (CustomResourceDefinition) crd;
      String kind = definition.getSpec().getNames().getKind();
      Class<?> type = CustomResources.ALL.stream()
          .filter(c -> c.getAnnotation(io.fabric8.kubernetes.model.annotation.Kind.class).value().equals(kind))
          .findFirst().orElseThrow();
      List<String> declared = Arrays.stream(type.getAnnotationsByType(AdditionalPrinterColumn.class))
          .map(AdditionalPrinterColumn::name).toList();
      Function<CustomResourceColumnDefinition, Integer> position = c -> declared.indexOf(c.getName());
      definition.getSpec().getVersions().forEach(v -> {
        if (v.getAdditionalPrinterColumns() != null) {
          v.getAdditionalPrinterColumns().sort(Comparator.comparing(position));
        }
      });
      return definition;
    }
  }
}
