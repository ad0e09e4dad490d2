package io.cvlan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.CrdValidationRules.Violation;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The harness itself keeps the Kubernetes semantics the CRD tests rely on; checked on a CRD made for it. */
class CrdValidationRulesTest {
  private static CrdValidationRules thing(String specRules, String nameRules) {
    return CrdValidationRules.parse("things.test.io", """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata: {name: things.test.io}
        spec:
          group: test.io
          names: {kind: Thing, plural: things}
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    required: [size]
                    x-kubernetes-validations: %s
                    properties:
                      name:
                        type: string
                        maxLength: 8
                        x-kubernetes-validations: %s
                      size: {type: integer}
                      color: {type: string, default: blue}
        """.formatted(specRules, nameRules));
  }

  private static Map<String, Object> spec(String spec) {
    return CrdValidationRules.yaml("apiVersion: test.io/v1\nkind: Thing\nmetadata: {name: a}\nspec: " + spec);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "self.nmae == 'x'           | undefined field 'nmae'",
      "self.size == 'three'       | found no matching overload for '_==_'",
      "self.size                  | evaluates to int, not bool",
      "quantity(self.name) != 1   | undeclared reference to 'quantity'",
  })
  void aRuleThatTheApiServerWouldRefuseDoesNotCompile(String rule, String problem) {
    CrdValidationRules rules = thing("[{rule: \"" + rule + "\"}]", "[]");

    assertThat(rules.compileProblems()).singleElement().asString().contains(problem);
  }

  @Test
  void aFieldPathNamingNoPropertyIsAProblem() {
    assertThat(thing("[{rule: 'true', fieldPath: '.nmae'}]", "[]").compileProblems())
        .singleElement().asString().contains("fieldPath .nmae names no property");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "self.name.split('-').all(a, isIP(a))    | true",
      "isIP(self.name.split('-')[0])           | true",
      "self.name.split('-').all(a, int(a) > 0) | false",
      "isIP(self.name.substring(0, 1))         | false",
  })
  void aFunctionPricedByLengthReadingAPieceOfSplitIsACostRisk(String rule, boolean risk) {
    CrdValidationRules rules = thing("[{rule: \"" + rule + "\"}]", "[]");

    assertThat(rules.compileProblems()).isEmpty();
    assertThat(rules.costRisks().isEmpty()).isNotEqualTo(risk);
  }

  @Test
  void aFailingRuleIsReportedAtItsFieldPathWithItsMessage() {
    CrdValidationRules rules = thing("[{rule: 'self.size < 10', message: 'too big', fieldPath: '.size'}]", "[]");

    assertThat(rules.create(spec("{size: 12}"))).containsExactly(new Violation("spec.size", "too big"));
  }

  @Test
  void aTransitionRuleIsNotEvaluatedOnCreate() {
    CrdValidationRules rules = thing("[{rule: 'self.size == oldSelf.size', message: fixed}]", "[]");

    assertThat(rules.create(spec("{size: 1}"))).isEmpty();
    assertThat(rules.update(spec("{size: 1}"), spec("{size: 2}"))).containsExactly(new Violation("spec", "fixed"));
  }

  /** The hole the spec-level immutability rules close: a field's own transition rule never sees it appear. */
  @Test
  void aTransitionRuleOnAFieldIsNotEvaluatedWhenTheOldObjectLacksTheField() {
    CrdValidationRules rules = thing("[]", "[{rule: 'self == oldSelf', message: fixed}]");

    assertThat(rules.update(spec("{size: 1}"), spec("{size: 1, name: late}"))).isEmpty();
    assertThat(rules.update(spec("{size: 1, name: early}"), spec("{size: 1}"))).isEmpty();
    assertThat(rules.update(spec("{size: 1, name: early}"), spec("{size: 1, name: late}")))
        .containsExactly(new Violation("spec.name", "fixed"));
  }

  @Test
  void defaultsAreAppliedBeforeTheRulesRun() {
    assertThat(thing("[{rule: \"self.color == 'blue'\"}]", "[]").create(spec("{size: 1}"))).isEmpty();
  }

  @Test
  void anEvaluationErrorRefusesTheObject() {
    CrdValidationRules rules = thing("[]", "[{rule: 'isIP(self) && ip(self).family() == 4'}, {rule: 'ip(self).family() == 4'}]");

    assertThat(rules.create(spec("{size: 1, name: nope}"))).extracting(Violation::message).containsExactly(
        "failed rule: isIP(self) && ip(self).family() == 4",
        "rule \"ip(self).family() == 4\" failed: ParseAddr(\"nope\"): unable to parse IP");
  }

  @Test
  void aMissingRequiredFieldSkipsTheRulesAsTheApiServerDoes() {
    CrdValidationRules rules = thing("[{rule: 'false', message: never}]", "[]");

    assertThat(rules.create(spec("{name: a}"))).extracting(Violation::field).containsExactly("spec.size", "<root>");
  }

  @Test
  void aStringOverItsMaxLengthSkipsTheRules() {
    CrdValidationRules rules = thing("[{rule: 'false', message: never}]", "[]");

    assertThat(rules.create(spec("{size: 1, name: abcdefghi}"))).extracting(Violation::field).containsExactly("spec.name", "<root>");
  }

  @Test
  void anUnknownFieldIsRefused() {
    assertThat(thing("[]", "[]").create(spec("{size: 1, colour: red}")))
        .contains(new Violation("spec.colour", "unknown field \"colour\""));
  }

  @Test
  void aValueOfTheWrongTypeIsRefused() {
    assertThat(thing("[]", "[]").create(spec("{size: '1'}"))).contains(new Violation("spec.size", "must be of type integer"));
  }
}
