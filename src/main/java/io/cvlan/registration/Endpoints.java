package io.cvlan.registration;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.cvlan.registration.protocol.RegisterRequest;

/** The endpoints of DESIGN §4 and what they are built from. One line per endpoint. */
final class Endpoints {
  record Dependencies(KubernetesClient client, Directory directory, RegistrationApi.Settings settings,
      PrometheusMeterRegistry metrics, Vertx vertx) {}

  private Endpoints() {}

  static void register(RegistrationServer server, Dependencies deps) {
    var registration = io.cvlan.registration.register.RegisterEndpoints.create(deps.client(), deps.directory(),
        deps.settings().clock(), deps.metrics(), deps.vertx());
    server.route(HttpMethod.POST, "/client/register", RegisterRequest.class, 201, registration.client());
    server.route(HttpMethod.POST, "/vrouter/register", RegisterRequest.class, 201, registration.vrouter());
    // POST /client/poll, POST /vrouter/poll, GET /client/discover: io.cvlan.registration.poll
  }
}
