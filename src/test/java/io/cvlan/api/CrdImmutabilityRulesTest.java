package io.cvlan.api;

import static io.cvlan.api.CrdObjects.remove;
import static io.cvlan.api.CrdObjects.set;
import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.api.CrdObjects.Edit;
import io.cvlan.api.CrdValidationRules.Violation;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Updates the API server refuses because they would move what must stay put (a token's lifetime and Secret,
 * a CVLAN's networks, a Node's addresses, a claim), including by adding or removing an optional field, and the
 * ordinary updates it still admits.
 */
class CrdImmutabilityRulesTest {
  static final String TTL_FIXED = "ttl cannot be added, removed or changed after creation; create a new token instead";
  static final String EXPIRES_AT_FIXED = "expiresAt cannot be added, removed or changed after creation; create a new token instead";
  static final String SECRET_NAME_FIXED = "secretName cannot be added, removed or changed after creation";
  static final String NODE_IPV4_FIXED = "ipv4 is the address the node was told: it cannot change or be removed; delete the Node to release it";
  static final String NODE_IPV6_FIXED = "ipv6 is the address the node was told: it cannot change or be removed; delete the Node to release it";

  private static final Map<String, Object> TOKEN_WITH_TTL = set("spec.ttl", "24h").applyTo(CrdObjects.token());
  private static final Map<String, Object> TOKEN_WITH_EXPIRY = set("spec.expiresAt", "2030-01-31T12:00:00Z").applyTo(CrdObjects.token());
  private static final Map<String, Object> TOKEN_WITH_SECRET = set("spec.secretName", "fleet-secret").applyTo(CrdObjects.token());
  private static final Map<String, Object> DUAL_STACK_CVLAN = set("spec.ipv6Cidr", "fd00:100::/64").applyTo(CrdObjects.cvlan());
  private static final Map<String, Object> DUAL_STACK_NODE = set("spec.ipv6", "fd00:100::2").applyTo(CrdObjects.node());

  private static Arguments refused(String behaviour, Map<String, Object> old, Edit edit, Violation... expected) {
    return Arguments.of(Named.of(behaviour, old), edit, List.of(expected));
  }

  private static Violation at(String field, String message) {
    return new Violation(field, message);
  }

  static Stream<Arguments> refusedUpdates() {
    return Stream.of(
        refused("a token created without ttl cannot get one", CrdObjects.token(), set("spec.ttl", "87600h"),
            at("spec.ttl", TTL_FIXED)),
        refused("a token's ttl cannot be removed", TOKEN_WITH_TTL, remove("spec.ttl"), at("spec.ttl", TTL_FIXED)),
        refused("a token's ttl cannot be changed", TOKEN_WITH_TTL, set("spec.ttl", "87600h"), at("spec.ttl", TTL_FIXED)),
        refused("a token's ttl cannot be swapped for an expiresAt", TOKEN_WITH_TTL,
            remove("spec.ttl").and(set("spec.expiresAt", "2099-01-01T00:00:00Z")),
            at("spec.ttl", TTL_FIXED), at("spec.expiresAt", EXPIRES_AT_FIXED)),
        refused("a token created without expiresAt cannot get one", CrdObjects.token(),
            set("spec.expiresAt", "2099-01-01T00:00:00Z"), at("spec.expiresAt", EXPIRES_AT_FIXED)),
        refused("a token's expiresAt cannot be removed", TOKEN_WITH_EXPIRY, remove("spec.expiresAt"),
            at("spec.expiresAt", EXPIRES_AT_FIXED)),
        refused("a token's expiresAt cannot be moved", TOKEN_WITH_EXPIRY, set("spec.expiresAt", "2099-01-01T00:00:00Z"),
            at("spec.expiresAt", EXPIRES_AT_FIXED)),
        refused("a token created without secretName cannot get one", CrdObjects.token(), set("spec.secretName", "other"),
            at("spec.secretName", SECRET_NAME_FIXED)),
        refused("a token's secretName cannot be removed", TOKEN_WITH_SECRET, remove("spec.secretName"),
            at("spec.secretName", SECRET_NAME_FIXED)),
        refused("a token's secretName cannot be changed", TOKEN_WITH_SECRET, set("spec.secretName", "other"),
            at("spec.secretName", SECRET_NAME_FIXED)),
        refused("a token's cvlan cannot be changed", CrdObjects.token(), set("spec.cvlan", "green"),
            at("spec.cvlan", "cvlan is immutable")),
        refused("a CVLAN's cidr cannot be changed", CrdObjects.cvlan(), set("spec.cidr", "10.101.0.0/16"),
            at("spec.cidr", "cidr is immutable")),
        refused("a CVLAN created without ipv6Cidr cannot get one", CrdObjects.cvlan(), set("spec.ipv6Cidr", "fd00:100::/64"),
            at("spec.ipv6Cidr", "ipv6Cidr cannot be added or removed after creation")),
        refused("a CVLAN's ipv6Cidr cannot be removed", DUAL_STACK_CVLAN, remove("spec.ipv6Cidr"),
            at("spec.ipv6Cidr", "ipv6Cidr cannot be added or removed after creation")),
        refused("a CVLAN's ipv6Cidr cannot be changed", DUAL_STACK_CVLAN, set("spec.ipv6Cidr", "fd00:200::/64"),
            at("spec.ipv6Cidr", "ipv6Cidr is immutable")),
        refused("a Node's ipv4 cannot be changed", CrdObjects.node(), set("spec.ipv4", "10.100.0.3"),
            at("spec.ipv4", NODE_IPV4_FIXED)),
        refused("a Node's ipv4 cannot be removed", CrdObjects.node(), remove("spec.ipv4"), at("spec.ipv4", NODE_IPV4_FIXED)),
        refused("a Node's ipv6 cannot be changed", DUAL_STACK_NODE, set("spec.ipv6", "fd00:100::3"),
            at("spec.ipv6", NODE_IPV6_FIXED)),
        refused("a Node's ipv6 cannot be removed", DUAL_STACK_NODE, remove("spec.ipv6"), at("spec.ipv6", NODE_IPV6_FIXED)),
        refused("an IPAllocation's address cannot be changed", CrdObjects.ipAllocation(), set("spec.address", "10.100.0.6"),
            at("spec", "an IPAllocation is immutable; delete it to release the address")),
        refused("an IPAllocation's holder cannot be removed", CrdObjects.ipAllocation(), remove("spec.nodeRef"),
            at("spec", "an IPAllocation is immutable; delete it to release the address")),
        // Without a spec no rule on it runs; the API server must refuse the removal itself.
        refused("a token's whole spec cannot be removed", TOKEN_WITH_TTL, remove("spec"),
            at("spec", "Required value"),
            at("<root>", "some validation rules were not checked because the object was invalid; correct the existing errors to complete validation")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedUpdates")
  void refusedUpdate(Map<String, Object> old, Edit edit, List<Violation> expected) {
    assertThat(rulesOf(old).update(old, edit.applyTo(old))).containsExactlyElementsOf(expected);
  }

  private static Arguments admitted(String behaviour, Map<String, Object> old, Edit edit) {
    return Arguments.of(Named.of(behaviour, old), edit);
  }

  static Stream<Arguments> admittedUpdates() {
    return Stream.of(
        admitted("a token's status changes", TOKEN_WITH_TTL,
            set("status.uses", 3).and(set("status.expiresAt", "2026-11-24T10:00:00Z"))),
        admitted("a token's use limit and taints change", TOKEN_WITH_TTL, set("spec.maxUses", 5).and(set("spec.taints", List.of("fleet")))),
        admitted("a token with an expiry is made ephemeral", TOKEN_WITH_EXPIRY, set("spec.ephemeral", true)),
        admitted("a token with its own Secret gets a use limit", TOKEN_WITH_SECRET, set("spec.maxUses", 1)),
        admitted("a token without ttl or expiresAt gets a label", CrdObjects.token(), set("metadata.labels", Map.of("team", "a"))),
        admitted("a CVLAN's MTU and reserved addresses change", DUAL_STACK_CVLAN,
            set("spec.mtu", 1380).and(set("spec.reserved", List.of("10.100.0.10-10.100.0.20")))),
        admitted("a CVLAN's status changes", CrdObjects.cvlan(), set("status.allocated", 7)),
        admitted("a Node without an address gets one (set once)", remove("spec.ipv4").applyTo(CrdObjects.node()),
            set("spec.ipv4", "10.100.0.9")),
        admitted("a Node without an IPv6 address gets one (set once)", CrdObjects.node(), set("spec.ipv6", "fd00:100::9")),
        admitted("a Node reports new endpoints", DUAL_STACK_NODE,
            set("spec.endpoints", List.of(Map.of("host", "203.0.113.7", "port", 51820)))),
        admitted("a Node's status changes", CrdObjects.node(), set("status.lastSeen", "2026-11-25T08:00:00Z")),
        admitted("an IPAllocation gets a label", CrdObjects.ipAllocation(), set("metadata.labels", Map.of("cvlan.io/owner-kind", "Node"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("admittedUpdates")
  void admittedUpdate(Map<String, Object> old, Edit edit) {
    assertThat(rulesOf(old).update(old, edit.applyTo(old))).isEmpty();
  }

  private static CrdValidationRules rulesOf(Map<String, Object> object) {
    return CrdValidationRules.of(CrdObjects.crdFile(object));
  }
}
