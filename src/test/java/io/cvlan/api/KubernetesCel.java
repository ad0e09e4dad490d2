package io.cvlan.api;

import dev.cel.bundle.CelBuilder;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import io.cvlan.api.GoNetip.Addr;
import io.cvlan.api.GoNetip.Prefix;

/**
 * A CEL environment close to the one kube-apiserver compiles CRD validation rules in: the standard library with
 * the strings and bindings extensions, cross-type numeric comparisons, and Kubernetes' IP and CIDR libraries
 * (k8s.io/apiserver/pkg/cel/library ip.go, cidr.go), which CEL-Java does not have and which are emulated here on
 * {@link GoNetip}. Only the functions named below exist; a rule using another Kubernetes function (quantity,
 * semver, containsCIDR, isLoopback...) fails to compile here until it is added.
 */
final class KubernetesCel {
  static final CelType IP = OpaqueType.create("net.IP");
  static final CelType CIDR = OpaqueType.create("net.CIDR");

  private KubernetesCel() {}

  static CelBuilder builder() {
    return CelFactory.standardCelBuilder()
        .setOptions(CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .enableHomogeneousLiterals(true)
            .build())
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addCompilerLibraries(CelExtensions.strings(), CelExtensions.bindings())
        .addRuntimeLibraries(CelExtensions.strings())
        .addFunctionDeclarations(
            function("ip",
                CelOverloadDecl.newGlobalOverload("string_to_ip", IP, SimpleType.STRING),
                CelOverloadDecl.newMemberOverload("cidr_ip", IP, CIDR)),
            function("isIP", CelOverloadDecl.newGlobalOverload("is_ip", SimpleType.BOOL, SimpleType.STRING)),
            function("ip.isCanonical", CelOverloadDecl.newGlobalOverload("ip_is_canonical", SimpleType.BOOL, SimpleType.STRING)),
            function("family", CelOverloadDecl.newMemberOverload("ip_family", SimpleType.INT, IP)),
            function("cidr", CelOverloadDecl.newGlobalOverload("string_to_cidr", CIDR, SimpleType.STRING)),
            function("isCIDR", CelOverloadDecl.newGlobalOverload("is_cidr", SimpleType.BOOL, SimpleType.STRING)),
            function("containsIP",
                CelOverloadDecl.newMemberOverload("cidr_contains_ip_string", SimpleType.BOOL, CIDR, SimpleType.STRING),
                CelOverloadDecl.newMemberOverload("cidr_contains_ip_ip", SimpleType.BOOL, CIDR, IP)),
            function("prefixLength", CelOverloadDecl.newMemberOverload("cidr_prefix_length", SimpleType.INT, CIDR)),
            function("masked", CelOverloadDecl.newMemberOverload("cidr_masked", CIDR, CIDR)),
            function("string",
                CelOverloadDecl.newGlobalOverload("ip_to_string", SimpleType.STRING, IP),
                CelOverloadDecl.newGlobalOverload("cidr_to_string", SimpleType.STRING, CIDR)))
        .addFunctionBindings(
            CelFunctionBinding.from("string_to_ip", String.class, KubernetesCel::ip),
            CelFunctionBinding.from("cidr_ip", Prefix.class, Prefix::addr),
            CelFunctionBinding.from("is_ip", String.class, GoNetip::isIp),
            CelFunctionBinding.from("ip_is_canonical", String.class, s -> ip(s).toString().equals(s)),
            CelFunctionBinding.from("ip_family", Addr.class, a -> (long) a.family()),
            CelFunctionBinding.from("string_to_cidr", String.class, KubernetesCel::cidr),
            CelFunctionBinding.from("is_cidr", String.class, GoNetip::isCidr),
            CelFunctionBinding.from("cidr_contains_ip_string", Prefix.class, String.class, (p, s) -> p.contains(ip(s))),
            CelFunctionBinding.from("cidr_contains_ip_ip", Prefix.class, Addr.class, Prefix::contains),
            CelFunctionBinding.from("cidr_prefix_length", Prefix.class, p -> (long) p.bits()),
            CelFunctionBinding.from("cidr_masked", Prefix.class, Prefix::masked),
            CelFunctionBinding.from("ip_to_string", Addr.class, Addr::toString),
            CelFunctionBinding.from("cidr_to_string", Prefix.class, Prefix::toString));
  }

  private static CelFunctionDecl function(String name, CelOverloadDecl... overloads) {
    return CelFunctionDecl.newFunctionDeclaration(name, overloads);
  }

  private static Addr ip(String text) throws CelEvaluationException {
    try {
      return GoNetip.parseIp(text);
    } catch (IllegalArgumentException e) {
      throw new CelEvaluationException(e.getMessage());
    }
  }

  private static Prefix cidr(String text) throws CelEvaluationException {
    try {
      return GoNetip.parseCidr(text);
    } catch (IllegalArgumentException e) {
      throw new CelEvaluationException("network address parse error during conversion from string: " + e.getMessage());
    }
  }
}
