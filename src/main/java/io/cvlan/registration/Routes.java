package io.cvlan.registration;

import io.cvlan.model.Provisioning;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.registration.http.RegistrationServer;
import io.cvlan.registration.poll.PollServices;
import io.cvlan.registration.protocol.PollRequest;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.registration.protocol.RenewRequest;
import io.cvlan.registration.register.VRouterRenewal;
import io.cvlan.registration.register.RegisterServices;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;

/** The endpoints of DESIGN §4 and what they are built from. One line per endpoint. */
final class Routes {
  record Dependencies(KubernetesClient client, ResourceCache cache, Provisioning provisioning, RegistrationApi.Settings settings,
      PrometheusMeterRegistry metrics, Vertx vertx) {}

  private Routes() {}

  static void register(RegistrationServer server, Dependencies deps) {
    PollServices poll = PollServices.start(deps.client(), deps.cache(), deps.vertx(), deps.metrics(),
        deps.settings().clock(), deps.settings().publicUrl(), deps.settings().seenFlushInterval());
    // Register answers carry the peers from the same event-maintained snapshot polls are answered from.
    RegisterServices registration = RegisterServices.create(deps.client(), deps.cache(), deps.provisioning(),
        poll::snapshot, deps.settings().clock(), deps.metrics(), deps.vertx());
    server.route(HttpMethod.POST, "/client/register", RegisterRequest.class, 201, registration.client());
    server.route(HttpMethod.POST, "/vrouter/register", RegisterRequest.class, 201, registration.vrouter());
    server.route(HttpMethod.POST, "/client/poll", PollRequest.class, 200, poll.poll()::pollClient);
    server.route(HttpMethod.POST, "/vrouter/poll", PollRequest.class, 200, poll.poll()::pollVRouter);
    server.route(HttpMethod.POST, "/vrouter/renew", RenewRequest.class, 200,
        new VRouterRenewal(poll.certificates(), deps.provisioning().issuers(), deps.cache()));
    server.route(HttpMethod.GET, "/client/discover", Void.class, 200, poll.discover()::discover);
    server.route(HttpMethod.GET, "/client/certificate", Void.class, 200, poll.self()::certificate);
    server.route(HttpMethod.POST, "/client/deregister", Void.class, 200, poll.self()::deregister);
  }
}
