package io.cvlan.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import dev.cel.bundle.Cel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * What kube-apiserver would say about a create or an update, from a committed CRD alone: the OpenAPI checks of
 * its schema (type, required, enum, pattern, bounds, unknown fields, defaults) and its x-kubernetes-validations,
 * evaluated with CEL-Java in {@link KubernetesCel}. The mock API server does neither.
 *
 * <p>Kubernetes semantics kept: a rule sees the value at the schema node it is attached to as {@code self}, typed
 * from the schema, so a misspelt field fails to compile; a transition rule (one naming {@code oldSelf}) runs only
 * on an update and only where the old object has a value at that path; list items are not correlated with old
 * ones (no list-type map here); defaults are applied before validation; a rule's failure is reported at its
 * fieldPath; and the rules are skipped, as the API server skips them, when a type, required, enum, maxLength or
 * maxItems check already failed. Not modelled: ratcheting of unchanged invalid values, the cost budget (see
 * {@link #costRisks()}), metadata validation, and string formats (a format fails loudly).
 */
final class CrdValidationRules {
  static final Path CRDS = Path.of("crds");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Map<String, CrdValidationRules> LOADED = new ConcurrentHashMap<>();
  private static final Set<String> ROOT_FIELDS_NOT_IN_SCHEMA = Set.of("apiVersion", "kind", "metadata");
  /** Types Kubernetes would give these formats in CEL (timestamp, duration, bytes); this harness keeps strings. */
  private static final Set<String> FORMATS_CEL_TYPES_DIFFERENTLY = Set.of("date", "date-time", "duration", "byte");
  private static final Pattern SELF_FIELD = Pattern.compile("self\\.([A-Za-z_][A-Za-z0-9_]*)");
  /** Functions whose estimated cost grows with the length of a string they read (Kubernetes' cost.go, cel-go's). */
  private static final Set<String> PRICED_BY_LENGTH = Set.of("isIP", "ip", "isCIDR", "cidr", "ip.isCanonical", "matches",
      "contains", "startsWith", "endsWith", "split", "replace", "indexOf", "lastIndexOf", "substring", "lowerAscii",
      "upperAscii", "trim", "quantity", "isQuantity", "url");

  /** One refusal: the field it names and the message the API server would give (a CEL rule's own message). */
  record Violation(String field, String message) {
    @Override
    public String toString() {
      return field + ": " + message;
    }
  }

  /** A rule compiled for the schema node it is attached to. */
  record CompiledRule(String path, JSONSchemaProps node, ValidationRule rule, CelAbstractSyntaxTree ast,
      CelRuntime.Program program, Optional<CelRuntime.Program> message, boolean transition) {}

  private final String file;
  private final JSONSchemaProps root;
  private final List<CompiledRule> rules = new ArrayList<>();
  private final List<String> compileProblems = new ArrayList<>();

  private CrdValidationRules(String file, JSONSchemaProps root) {
    this.file = file;
    this.root = root;
    Map<JSONSchemaProps, CelType> types = new IdentityHashMap<>();
    List<CelType> structs = new ArrayList<>();
    celType("Object", root, types, structs);
    CelTypeProvider provider = new CelTypeProvider() {
      @Override
      public ImmutableList<CelType> types() {
        return ImmutableList.copyOf(structs);
      }

      @Override
      public Optional<CelType> findType(String name) {
        return structs.stream().filter(t -> t.name().equals(name)).findFirst();
      }
    };
    compileRules("", root, types, provider);
  }

  /** The rules of {@code crds/<file>}, loaded and compiled once. */
  static CrdValidationRules of(String file) {
    return LOADED.computeIfAbsent(file, f -> {
      try {
        return parse(f, Files.readString(CRDS.resolve(f)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** The rules of a CRD given as YAML; {@code name} only labels problems. */
  static CrdValidationRules parse(String name, String crdYaml) {
    CustomResourceDefinition crd = Serialization.unmarshal(crdYaml, CustomResourceDefinition.class);
    return new CrdValidationRules(name, crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
  }

  static Map<String, Object> yaml(String text) {
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> object = YAML.readValue(text, Map.class);
      return object;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<CompiledRule> rules() {
    return List.copyOf(rules);
  }

  /** Rules that do not compile against the schema, messageExpressions that do not, and patterns RE2 refuses. */
  List<String> compileProblems() {
    return List.copyOf(compileProblems);
  }

  List<Violation> create(Map<String, Object> object) {
    return validate(object, null);
  }

  List<Violation> update(Map<String, Object> old, Map<String, Object> updated) {
    return validate(updated, old);
  }

  private List<Violation> validate(Map<String, Object> object, Map<String, Object> old) {
    if (!compileProblems.isEmpty()) {
      throw new IllegalStateException(file + " has rules that do not compile: " + compileProblems);
    }
    Object current = withDefaults(root, normalize(object));
    Optional<Object> previous = old == null ? Optional.empty() : Optional.of(withDefaults(root, normalize(old)));
    Walk walk = new Walk();
    walk.visit(root, "", current, previous, true);
    if (walk.blocking) {
      walk.violations.add(new Violation("<root>",
          "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation"));
      return walk.violations;
    }
    for (Pending pending : walk.pending) {
      evaluate(pending, walk.violations);
    }
    return walk.violations;
  }

  private record Pending(CompiledRule rule, String path, Object self, Optional<Object> oldSelf) {}

  private final class Walk {
    final List<Violation> violations = new ArrayList<>();
    final List<Pending> pending = new ArrayList<>();
    boolean blocking;

    void refuse(String path, String message, boolean blocks) {
      violations.add(new Violation(path.isEmpty() ? "<root>" : path, message));
      blocking |= blocks;
    }

    void visit(JSONSchemaProps node, String path, Object value, Optional<Object> old, boolean isRoot) {
      if (value == null) {
        return;
      }
      if (!hasType(node, value)) {
        refuse(path, "must be of type " + node.getType(), true);
        return;
      }
      if (node.getEnum() != null && !node.getEnum().isEmpty()
          && node.getEnum().stream().map(CrdValidationRules::plain).noneMatch(value::equals)) {
        refuse(path, "Unsupported value: \"" + value + "\"", true);
      }
      if (value instanceof String s) {
        int length = s.codePointCount(0, s.length());
        if (node.getMaxLength() != null && length > node.getMaxLength()) {
          refuse(path, "may not be longer than " + node.getMaxLength(), true);
        }
        if (node.getMinLength() != null && length < node.getMinLength()) {
          refuse(path, "should be at least " + node.getMinLength() + " chars long", false);
        }
        if (node.getPattern() != null && !com.google.re2j.Pattern.compile(node.getPattern()).matcher(s).find()) {
          refuse(path, "should match '" + node.getPattern() + "'", false);
        }
      }
      if (value instanceof Number n) {
        double v = n.doubleValue();
        if (node.getMinimum() != null && (Boolean.TRUE.equals(node.getExclusiveMinimum()) ? v <= node.getMinimum() : v < node.getMinimum())) {
          refuse(path, "should be greater than or equal to " + node.getMinimum(), false);
        }
        if (node.getMaximum() != null && (Boolean.TRUE.equals(node.getExclusiveMaximum()) ? v >= node.getMaximum() : v > node.getMaximum())) {
          refuse(path, "should be less than or equal to " + node.getMaximum(), false);
        }
      }
      if (value instanceof List<?> list) {
        if (node.getMaxItems() != null && list.size() > node.getMaxItems()) {
          refuse(path, "must have at most " + node.getMaxItems() + " items", true);
        }
        if (node.getMinItems() != null && list.size() < node.getMinItems()) {
          refuse(path, "should have at least " + node.getMinItems() + " items", false);
        }
        if (node.getXKubernetesListType() != null && node.getXKubernetesListType().equals("map")) {
          throw new UnsupportedOperationException(path + ": list-type map items would be correlated with old ones; not modelled");
        }
        JSONSchemaProps items = node.getItems() == null ? null : node.getItems().getSchema();
        if (items != null) {
          for (int i = 0; i < list.size(); i++) {
            visit(items, path + "[" + i + "]", list.get(i), Optional.empty(), false);
          }
        }
      }
      if (value instanceof Map<?, ?> map) {
        visitObject(node, path, map, old, isRoot);
      }
      for (CompiledRule rule : rules) {
        if (rule.node() == node && !(rule.transition() && old.isEmpty())) {
          pending.add(new Pending(rule, path, value, old));
        }
      }
    }

    private void visitObject(JSONSchemaProps node, String path, Map<?, ?> map, Optional<Object> old, boolean isRoot) {
      Map<String, JSONSchemaProps> properties = node.getProperties() == null ? Map.of() : node.getProperties();
      for (String required : node.getRequired() == null ? List.<String>of() : node.getRequired()) {
        if (map.get(required) == null) {
          refuse(join(path, required), "Required value", true);
        }
      }
      JSONSchemaProps additional = node.getAdditionalProperties() == null ? null : node.getAdditionalProperties().getSchema();
      boolean free = Boolean.TRUE.equals(node.getXKubernetesPreserveUnknownFields());
      for (Map.Entry<?, ?> field : map.entrySet()) {
        String name = (String) field.getKey();
        Optional<Object> oldField = old.filter(Map.class::isInstance).map(o -> ((Map<?, ?>) o).get(name));
        JSONSchemaProps child = properties.containsKey(name) ? properties.get(name) : additional;
        if (child != null) {
          visit(child, join(path, name), field.getValue(), oldField, false);
        } else if (!free && !(isRoot && ROOT_FIELDS_NOT_IN_SCHEMA.contains(name))) {
          // kubectl asks for strict field validation: an unknown field refuses the request instead of being pruned.
          refuse(join(path, name), "unknown field \"" + name + "\"", true);
        }
      }
    }
  }

  private void evaluate(Pending pending, List<Violation> violations) {
    CompiledRule compiled = pending.rule();
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("self", pending.self());
    pending.oldSelf().ifPresent(o -> variables.put("oldSelf", o));
    String field = pending.path();
    if (compiled.rule().getFieldPath() != null) {
      field = field + compiled.rule().getFieldPath();
    }
    try {
      Object result = compiled.program().eval(variables);
      if (!Boolean.TRUE.equals(result)) {
        violations.add(new Violation(field, message(compiled, variables)));
      }
    } catch (CelEvaluationException e) {
      // The API server reports an evaluation error instead of the rule's message, and refuses the object all the same.
      violations.add(new Violation(pending.path(), "rule \"" + compiled.rule().getRule() + "\" failed: " + e.getMessage()));
    }
  }

  private static String message(CompiledRule compiled, Map<String, Object> variables) {
    if (compiled.message().isPresent()) {
      try {
        return String.valueOf(compiled.message().get().eval(variables));
      } catch (CelEvaluationException e) {
        // Kubernetes falls back to the static message when the message expression fails.
      }
    }
    String message = compiled.rule().getMessage();
    return message == null || message.isEmpty() ? "failed rule: " + compiled.rule().getRule() : message;
  }

  private void compileRules(String path, JSONSchemaProps node, Map<JSONSchemaProps, CelType> types, CelTypeProvider provider) {
    if (node.getPattern() != null) {
      try {
        com.google.re2j.Pattern.compile(node.getPattern());
      } catch (RuntimeException e) {
        compileProblems.add(file + " " + path + ": pattern is not RE2 (Go regexp): " + e.getMessage());
      }
    }
    if (node.getXKubernetesValidations() != null && !node.getXKubernetesValidations().isEmpty()) {
      CelType self = types.get(node);
      Cel cel = KubernetesCel.builder().setTypeProvider(provider).addVar("self", self).addVar("oldSelf", self).build();
      for (ValidationRule rule : node.getXKubernetesValidations()) {
        compileRule(path, node, rule, cel);
      }
    }
    forEachChild(node, (name, child) -> compileRules(name.isEmpty() ? path + "[]" : join(path, name), child, types, provider));
  }

  private void compileRule(String path, JSONSchemaProps node, ValidationRule rule, Cel cel) {
    String where = file + " " + (path.isEmpty() ? "<root>" : path) + " rule \"" + rule.getRule() + "\"";
    if (Boolean.TRUE.equals(rule.getOptionalOldSelf())) {
      compileProblems.add(where + ": optionalOldSelf is not modelled");
      return;
    }
    if (rule.getFieldPath() != null && !fieldPathExists(node, rule.getFieldPath())) {
      compileProblems.add(where + ": fieldPath " + rule.getFieldPath() + " names no property of this schema node");
    }
    try {
      CelAbstractSyntaxTree ast = checked(cel.compile(rule.getRule()), where);
      if (!ast.getResultType().equals(SimpleType.BOOL)) {
        compileProblems.add(where + ": evaluates to " + ast.getResultType().name() + ", not bool");
        return;
      }
      Optional<CelRuntime.Program> message = Optional.empty();
      if (rule.getMessageExpression() != null) {
        CelAbstractSyntaxTree messageAst = checked(cel.compile(rule.getMessageExpression()), where + " messageExpression");
        if (!messageAst.getResultType().equals(SimpleType.STRING)) {
          compileProblems.add(where + ": messageExpression does not evaluate to a string");
          return;
        }
        message = Optional.of(cel.createProgram(messageAst));
      }
      rules.add(new CompiledRule(path, node, rule, ast, cel.createProgram(ast), message, namesOldSelf(ast)));
    } catch (IllegalArgumentException e) {
      compileProblems.add(e.getMessage());
    } catch (Exception e) {
      compileProblems.add(where + ": " + e);
    }
  }

  private static CelAbstractSyntaxTree checked(CelValidationResult result, String where) throws Exception {
    if (result.hasError()) {
      throw new IllegalArgumentException(where + ": " + result.getErrorString());
    }
    return result.getAst();
  }

  /** A transition rule, in Kubernetes' sense: one whose expression refers to oldSelf. */
  private static boolean namesOldSelf(CelAbstractSyntaxTree ast) {
    return CelNavigableAst.fromAst(ast).getRoot().allNodes()
        .map(n -> n.expr())
        .anyMatch(e -> e.getKind() == CelExpr.ExprKind.Kind.IDENT && e.ident().name().equals("oldSelf"));
  }

  private static boolean fieldPathExists(JSONSchemaProps node, String fieldPath) {
    if (!fieldPath.startsWith(".")) {
      return false;
    }
    JSONSchemaProps at = node;
    for (String part : fieldPath.substring(1).split("\\.")) {
      if (at.getProperties() == null || !at.getProperties().containsKey(part)) {
        return false;
      }
      at = at.getProperties().get(part);
    }
    return true;
  }

  /**
   * Lists and strings a rule reaches that have no bound: the API server estimates a rule's cost from maxItems and
   * maxLength and refuses the CRD when an unbounded list or string makes the estimate exceed its budget. This is
   * a heuristic for the usual causes, not the estimator: every list around or under a rule, and every list the
   * rule names as self.field, needs maxItems, and such a list of strings needs maxLength on its items; and no
   * function priced by length may read a piece of split(), whose length the estimator does not know (substring()
   * keeps the length of the string it cuts).
   */
  List<String> costRisks() {
    List<String> problems = new ArrayList<>();
    findUnbounded("", root, false, problems);
    for (CompiledRule rule : rules) {
      if (readsPieceOfSplit(rule.ast())) {
        problems.add(file + " " + rule.path() + " rule \"" + rule.rule().getRule() + "\": a function priced by length reads a piece of split()");
      }
    }
    return problems;
  }

  private static boolean readsPieceOfSplit(CelAbstractSyntaxTree ast) {
    return CelNavigableAst.fromAst(ast).getRoot().allNodes()
        .filter(n -> n.expr().getKind() == CelExpr.ExprKind.Kind.CALL && PRICED_BY_LENGTH.contains(n.expr().call().function()))
        .anyMatch(n -> {
          CelExpr.CelCall call = n.expr().call();
          List<CelExpr> read = new ArrayList<>(call.args());
          call.target().ifPresent(read::add);
          return read.stream().anyMatch(operand -> isPieceOfSplit(operand, n));
        });
  }

  /** An element of a split() result: split(...)[i], or a comprehension variable ranging over split(...). */
  private static boolean isPieceOfSplit(CelExpr operand, CelNavigableExpr at) {
    if (operand.getKind() == CelExpr.ExprKind.Kind.CALL && operand.call().function().equals("_[_]")) {
      return isSplit(operand.call().args().get(0));
    }
    if (operand.getKind() != CelExpr.ExprKind.Kind.IDENT) {
      return false;
    }
    String name = operand.ident().name();
    for (Optional<CelNavigableExpr> up = at.parent(); up.isPresent(); up = up.get().parent()) {
      CelExpr e = up.get().expr();
      if (e.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION && e.comprehension().iterVar().equals(name)) {
        return isSplit(e.comprehension().iterRange());
      }
    }
    return false;
  }

  private static boolean isSplit(CelExpr expr) {
    return expr.getKind() == CelExpr.ExprKind.Kind.CALL && expr.call().function().equals("split");
  }

  private void findUnbounded(String path, JSONSchemaProps node, boolean underUnboundedList, List<String> problems) {
    boolean hasRules = node.getXKubernetesValidations() != null && !node.getXKubernetesValidations().isEmpty();
    if (hasRules) {
      if (underUnboundedList) {
        problems.add(file + " " + path + ": has rules inside a list without maxItems");
      }
      List<String> reached = new ArrayList<>();
      if ("array".equals(node.getType())) {
        reached.add("");
      }
      for (ValidationRule rule : node.getXKubernetesValidations()) {
        var fields = SELF_FIELD.matcher(rule.getRule());
        while (fields.find()) {
          JSONSchemaProps child = node.getProperties() == null ? null : node.getProperties().get(fields.group(1));
          if (child != null && "array".equals(child.getType())) {
            reached.add(fields.group(1));
          }
        }
      }
      for (String name : reached) {
        JSONSchemaProps list = name.isEmpty() ? node : node.getProperties().get(name);
        String listPath = name.isEmpty() ? path : join(path, name);
        if (list.getMaxItems() == null) {
          problems.add(file + " " + listPath + ": a rule iterates this list, which has no maxItems");
        }
        JSONSchemaProps items = list.getItems().getSchema();
        if ("string".equals(items.getType()) && items.getMaxLength() == null && items.getEnum() == null) {
          problems.add(file + " " + listPath + "[]: a rule reads these strings, which have no maxLength");
        }
      }
    }
    boolean unboundedList = "array".equals(node.getType()) && node.getMaxItems() == null;
    forEachChild(node, (name, child) -> findUnbounded(name.isEmpty() ? path + "[]" : join(path, name), child,
        underUnboundedList || unboundedList, problems));
  }

  private interface ChildVisitor {
    void visit(String name, JSONSchemaProps child);
  }

  /** Properties by name, list items and map values under the name "". */
  private static void forEachChild(JSONSchemaProps node, ChildVisitor visitor) {
    if (node.getProperties() != null) {
      node.getProperties().forEach(visitor::visit);
    }
    if (node.getItems() != null && node.getItems().getSchema() != null) {
      visitor.visit("", node.getItems().getSchema());
    }
    if (node.getAdditionalProperties() != null && node.getAdditionalProperties().getSchema() != null) {
      visitor.visit("", node.getAdditionalProperties().getSchema());
    }
  }

  /** The CEL type Kubernetes gives a schema node: objects become struct types whose fields the checker knows. */
  private static CelType celType(String name, JSONSchemaProps node, Map<JSONSchemaProps, CelType> types, List<CelType> structs) {
    CelType type;
    if (Boolean.TRUE.equals(node.getXKubernetesIntOrString())
        || (Boolean.TRUE.equals(node.getXKubernetesPreserveUnknownFields()) && node.getProperties() == null)) {
      type = SimpleType.DYN;
    } else {
      if (node.getFormat() != null && FORMATS_CEL_TYPES_DIFFERENTLY.contains(node.getFormat())) {
        throw new UnsupportedOperationException(name + ": format " + node.getFormat()
            + " changes the value's CEL type in Kubernetes; the harness does not model it");
      }
      type = switch (String.valueOf(node.getType())) {
        case "string" -> SimpleType.STRING;
        case "integer" -> SimpleType.INT;
        case "number" -> SimpleType.DOUBLE;
        case "boolean" -> SimpleType.BOOL;
        case "array" -> ListType.create(celType(name + ".@items", node.getItems().getSchema(), types, structs));
        case "object" -> objectType(name, node, types, structs);
        default -> SimpleType.DYN;
      };
    }
    types.put(node, type);
    return type;
  }

  private static CelType objectType(String name, JSONSchemaProps node, Map<JSONSchemaProps, CelType> types, List<CelType> structs) {
    if (node.getProperties() == null || node.getProperties().isEmpty()) {
      JSONSchemaProps values = node.getAdditionalProperties() == null ? null : node.getAdditionalProperties().getSchema();
      return values == null ? MapType.create(SimpleType.STRING, SimpleType.DYN)
          : MapType.create(SimpleType.STRING, celType(name + ".@values", values, types, structs));
    }
    Map<String, CelType> fields = new LinkedHashMap<>();
    node.getProperties().forEach((field, schema) -> fields.put(field, celType(name + "." + field, schema, types, structs)));
    StructType struct = StructType.create(name, ImmutableSet.copyOf(fields.keySet()), f -> Optional.ofNullable(fields.get(f)));
    structs.add(struct);
    return struct;
  }

  private static boolean hasType(JSONSchemaProps node, Object value) {
    if (Boolean.TRUE.equals(node.getXKubernetesIntOrString())) {
      return value instanceof Long || value instanceof String;
    }
    if (node.getType() == null) {
      return true;
    }
    return switch (node.getType()) {
      case "string" -> value instanceof String;
      case "integer" -> value instanceof Long;
      case "number" -> value instanceof Number;
      case "boolean" -> value instanceof Boolean;
      case "array" -> value instanceof List;
      case "object" -> value instanceof Map;
      default -> true;
    };
  }

  /** YAML's numbers as CEL's (int is a long, double a double); null fields as absent, as Kubernetes prunes them. */
  private static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        if (v != null) {
          copy.put((String) k, normalize(v));
        }
      });
      return copy;
    }
    if (value instanceof List<?> list) {
      return new ArrayList<>(list.stream().map(CrdValidationRules::normalize).toList());
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return ((Number) value).longValue();
    }
    if (value instanceof Float || value instanceof Double) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof Number) {
      throw new IllegalArgumentException("number out of range: " + value);
    }
    return value;
  }

  /** Kubernetes applies the schema's defaults before it validates, to the old object as read and to the new one. */
  @SuppressWarnings("unchecked")
  private static Object withDefaults(JSONSchemaProps node, Object value) {
    if (value instanceof Map<?, ?> map && node.getProperties() != null) {
      Map<String, Object> object = (Map<String, Object>) map;
      node.getProperties().forEach((name, child) -> {
        if (!object.containsKey(name) && child.getDefault() != null) {
          object.put(name, plain(child.getDefault()));
        }
        if (object.containsKey(name)) {
          object.put(name, withDefaults(child, object.get(name)));
        }
      });
    }
    if (value instanceof List<?> list && node.getItems() != null && node.getItems().getSchema() != null) {
      List<Object> items = (List<Object>) list;
      items.replaceAll(item -> withDefaults(node.getItems().getSchema(), item));
    }
    return value;
  }

  private static Object plain(JsonNode json) {
    return normalize(YAML.convertValue(json, Object.class));
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
