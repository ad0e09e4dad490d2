package io.cvlan.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every committed CRD is one the API server would install, and every example one it would admit. */
class CrdRulesCompileTest {
  static Stream<String> crds() throws IOException {
    try (Stream<Path> files = Files.list(CrdValidationRules.CRDS)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void everyRuleCompilesAgainstTheSchemaItIsAttachedTo(String crd) {
    CrdValidationRules rules = CrdValidationRules.of(crd);

    assertThat(rules.compileProblems()).isEmpty();
    assertThat(rules.rules()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("crds")
  void noRuleRisksTheApiServersCostEstimate(String crd) {
    assertThat(CrdValidationRules.of(crd).costRisks()).isEmpty();
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream()
          .filter(f -> CrdObjects.read(f).stream().anyMatch(CrdObjects::isCvlanIo));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleIsAdmitted(Path example) {
    for (Map<String, Object> object : CrdObjects.read(example).stream().filter(CrdObjects::isCvlanIo).toList()) {
      List<CrdValidationRules.Violation> violations = CrdValidationRules.of(CrdObjects.crdFile(object)).create(object);

      assertThat(violations).as("%s %s", object.get("kind"), example).isEmpty();
    }
  }
}
