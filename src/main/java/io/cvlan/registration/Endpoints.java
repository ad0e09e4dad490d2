package io.cvlan.registration;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;

/** The endpoints of DESIGN §4 and what they are built from. One line per endpoint. */
final class Endpoints {
  record Dependencies(KubernetesClient client, Directory directory, RegistrationApi.Settings settings,
      PrometheusMeterRegistry metrics, Vertx vertx) {}

  private Endpoints() {}

  static void register(RegistrationServer server, Dependencies deps) {
    // POST /client/register, POST /vrouter/register: io.cvlan.registration.register
    // POST /client/poll, POST /vrouter/poll, GET /client/discover: io.cvlan.registration.poll
  }
}
