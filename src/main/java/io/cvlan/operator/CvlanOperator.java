package io.cvlan.operator;

import io.cvlan.operator.cvlan.CvlanReconciler;
import io.cvlan.operator.token.RegistrationTokenReconciler;
import io.cvlan.operator.token.SigningKeyStore;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.security.SecureRandom;

/**
 * Assembles the reconcilers into one JOSDK operator. The same configuration serves a real API server and
 * the mock server of the tests: no server-side apply (the mock answers 415) and explicit cleanup instead
 * of relying on the garbage collector (the mock has none).
 */
public final class CvlanOperator implements AutoCloseable {
  private final Operator operator;

  private CvlanOperator(Operator operator) {
    this.operator = operator;
  }

  public static CvlanOperator start(KubernetesClient client, OperatorSettings settings) {
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withUseSSAToPatchPrimaryResource(false)
          .withSSABasedCreateUpdateMatchForDependentResources(false)
          .withCloseClientOnStop(false);
      settings.leaseNamespace().ifPresent(ns ->
          o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(OperatorSettings.LEASE_NAME, ns)));
    });
    Conditions conditions = new Conditions(settings.clock());
    SigningKeyStore keys = new SigningKeyStore(client, settings.clock(), new SecureRandom(), settings.signingKeyMaxAge());
    String[] namespaces = settings.namespaces().toArray(String[]::new);
    operator.register(new CvlanReconciler(conditions), o -> watch(o, namespaces));
    operator.register(new RegistrationTokenReconciler(conditions, keys, settings.endpoint(), settings.clock()), o -> watch(o, namespaces));
    operator.start();
    return new CvlanOperator(operator);
  }

  private static void watch(io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider<?> o, String[] namespaces) {
    if (namespaces.length > 0) {
      o.settingNamespaces(namespaces);
    }
  }

  @Override
  public void close() {
    operator.stop();
  }
}
