package io.cvlan.agent.vrouter;

import com.fasterxml.jackson.databind.JsonNode;
import io.cvlan.agent.wireguard.Cidrs;
import io.cvlan.registration.protocol.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The vrouter's rules as {@code ip -j rule show} prints them, and the changes from those to the wanted ones. */
public final class PolicyRules {
  private PolicyRules() {}

  public record Diff(List<PolicyRule> added, List<PolicyRule> removed) {}

  /** The rules at the vrouter's priorities in {@code ipJson}; others (the host's own) are not ours to read. */
  public static List<PolicyRule> read(String ipJson) throws IOException {
    List<PolicyRule> rules = new ArrayList<>();
    for (JsonNode rule : Json.MAPPER.readTree(ipJson.isBlank() ? "[]" : ipJson)) {
      int priority = rule.path("priority").asInt(-1);
      if (!ForwardingPolicy.owns(priority) || !rule.hasNonNull("iif")) {
        continue;
      }
      Optional<String> to = rule.hasNonNull("dst") && !"all".equals(rule.get("dst").asText())
          ? Optional.of(Cidrs.canonical(rule.get("dst").asText() + "/" + rule.path("dstlen").asInt(32))) : Optional.empty();
      PolicyRule.Action action = "prohibit".equals(rule.path("action").asText()) ? PolicyRule.Action.PROHIBIT : PolicyRule.Action.MAIN;
      rules.add(new PolicyRule(priority, rule.get("iif").asText(), to, action));
    }
    return rules;
  }

  /** What to add and what to delete so that {@code current} becomes {@code wanted}; a duplicate is deleted too. */
  public static Diff diff(List<PolicyRule> current, List<PolicyRule> wanted) {
    List<PolicyRule> unmatched = new ArrayList<>(wanted);
    List<PolicyRule> removed = new ArrayList<>();
    for (PolicyRule rule : current) {
      if (!unmatched.remove(rule)) {
        removed.add(rule);
      }
    }
    return new Diff(List.copyOf(unmatched), List.copyOf(removed));
  }
}
