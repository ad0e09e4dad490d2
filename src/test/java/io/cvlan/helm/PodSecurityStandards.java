package io.cvlan.helm;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The checks of the Kubernetes Pod Security Standards (baseline, restricted) that a pod spec can fail, as
 * Pod Security Admission applies them: what a namespace labelled pod-security.kubernetes.io/enforce would
 * refuse. Each violation is a line saying which field of which container breaks which rule.
 */
final class PodSecurityStandards {
  /** Capabilities baseline lets a container add. */
  static final Set<String> BASELINE_CAPABILITIES = Set.of("AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
      "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT");
  static final Set<String> RESTRICTED_VOLUMES = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
      "persistentVolumeClaim", "projected", "secret");

  private PodSecurityStandards() {}

  static List<String> baselineViolations(PodSpec pod) {
    List<String> violations = new ArrayList<>();
    if (Boolean.TRUE.equals(pod.getHostNetwork())) {
      violations.add("hostNetwork");
    }
    if (Boolean.TRUE.equals(pod.getHostPID())) {
      violations.add("hostPID");
    }
    if (Boolean.TRUE.equals(pod.getHostIPC())) {
      violations.add("hostIPC");
    }
    for (Volume volume : pod.getVolumes()) {
      if (volume.getHostPath() != null) {
        violations.add("volume " + volume.getName() + ": hostPath");
      }
    }
    if ("Unconfined".equals(seccomp(pod.getSecurityContext()))) {
      violations.add("pod: seccompProfile Unconfined");
    }
    containers(pod).forEach(c -> {
      SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
      if (Boolean.TRUE.equals(sc.getPrivileged())) {
        violations.add("container " + c.getName() + ": privileged");
      }
      added(sc).stream().filter(cap -> !BASELINE_CAPABILITIES.contains(cap))
          .forEach(cap -> violations.add("container " + c.getName() + ": adds capability " + cap));
      c.getPorts().stream().filter(p -> p.getHostPort() != null && p.getHostPort() != 0)
          .forEach(p -> violations.add("container " + c.getName() + ": hostPort " + p.getHostPort()));
      if ("Unconfined".equals(seccomp(sc))) {
        violations.add("container " + c.getName() + ": seccompProfile Unconfined");
      }
    });
    return violations;
  }

  static List<String> restrictedViolations(PodSpec pod) {
    List<String> violations = new ArrayList<>(baselineViolations(pod));
    PodSecurityContext podContext = Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);
    for (Volume volume : pod.getVolumes()) {
      if (RESTRICTED_VOLUMES.stream().noneMatch(type -> hasVolumeType(volume, type))) {
        violations.add("volume " + volume.getName() + ": not of a restricted type");
      }
    }
    if (Long.valueOf(0).equals(podContext.getRunAsUser())) {
      violations.add("pod: runAsUser 0");
    }
    containers(pod).forEach(c -> {
      SecurityContext sc = Optional.ofNullable(c.getSecurityContext()).orElseGet(SecurityContext::new);
      String name = "container " + c.getName() + ": ";
      if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
        violations.add(name + "allowPrivilegeEscalation is not false");
      }
      boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : Boolean.TRUE.equals(podContext.getRunAsNonRoot());
      if (!nonRoot) {
        violations.add(name + "runAsNonRoot is not true");
      }
      if (Long.valueOf(0).equals(sc.getRunAsUser())) {
        violations.add(name + "runAsUser 0");
      }
      String profile = Optional.ofNullable(seccomp(sc)).orElse(seccomp(podContext));
      if (!"RuntimeDefault".equals(profile) && !"Localhost".equals(profile)) {
        violations.add(name + "seccompProfile is not RuntimeDefault or Localhost");
      }
      List<String> drop = Optional.ofNullable(sc.getCapabilities()).map(Capabilities::getDrop).orElse(List.of());
      if (!drop.contains("ALL")) {
        violations.add(name + "capabilities do not drop ALL");
      }
      added(sc).stream().filter(cap -> !"NET_BIND_SERVICE".equals(cap))
          .forEach(cap -> violations.add(name + "adds capability " + cap + " (restricted allows NET_BIND_SERVICE only)"));
    });
    return violations;
  }

  private static Stream<Container> containers(PodSpec pod) {
    return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream());
  }

  private static List<String> added(SecurityContext sc) {
    return Optional.ofNullable(sc.getCapabilities()).map(Capabilities::getAdd).orElse(List.of());
  }

  private static String seccomp(SecurityContext sc) {
    return Optional.ofNullable(sc).map(SecurityContext::getSeccompProfile).map(SeccompProfile::getType).orElse(null);
  }

  private static String seccomp(PodSecurityContext sc) {
    return Optional.ofNullable(sc).map(PodSecurityContext::getSeccompProfile).map(SeccompProfile::getType).orElse(null);
  }

  private static boolean hasVolumeType(Volume volume, String type) {
    return switch (type) {
      case "configMap" -> volume.getConfigMap() != null;
      case "csi" -> volume.getCsi() != null;
      case "downwardAPI" -> volume.getDownwardAPI() != null;
      case "emptyDir" -> volume.getEmptyDir() != null;
      case "ephemeral" -> volume.getEphemeral() != null;
      case "persistentVolumeClaim" -> volume.getPersistentVolumeClaim() != null;
      case "projected" -> volume.getProjected() != null;
      case "secret" -> volume.getSecret() != null;
      default -> false;
    };
  }
}
