package io.cvlan.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cvlan.agent.CsrKeys;
import io.cvlan.registration.client.RegistrationHttpClient;
import io.cvlan.registration.protocol.EndpointDto;
import io.cvlan.registration.protocol.RegisterRequest;
import io.cvlan.registration.protocol.RegisterResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The operator and the registration API of one process share their Provisioning, as `cvlan operator` runs
 * them: what the request stored on the Node it created reaches the confirming reconcile without a read.
 */
class SharedProvisioningTest {

  @Test
  void aNodeRegisteredThroughThisProcessIsConfirmedWithoutReadingItBack() throws Exception {
    try (BenchStack stack = BenchStack.start(1)) {
      String token = stack.token("blue", "10.40.0.0/24", "fleet");
      long nodeReadsBefore = stack.server().readsByResource().getOrDefault("nodes", 0L);
      SecureRandom random = new SecureRandom();
      CsrKeys csr = CsrKeys.generate("host-1", random);
      RegisterRequest request = new RegisterRequest(token, java.util.Base64.getEncoder().encodeToString(new byte[32]),
          "02:00:00:00:00:01", HexFormat.of().formatHex(random.generateSeed(32)), "host-1", "linux", "test",
          List.of(new EndpointDto("192.0.2.1", 51820)), csr.csrPem(), null, null);

      RegisterResponse answer = RegistrationHttpClient.to(stack.url(), stack.caPem())
          .post("/client/register", request, Map.of(), Duration.ofSeconds(30)).as(RegisterResponse.class);

      // Awaited through the peer ConfigMaps (a Node is published once confirmed Ready): reading the Node here
      // would count among the reads under test.
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stack.server().client().configMaps()
          .inNamespace(BenchStack.NAMESPACE).withLabel(io.cvlan.api.v1alpha1.Labels.CVLAN, "blue").list().getItems().stream()
          .anyMatch(cm -> cm.getData() != null && cm.getData().containsKey(answer.nodeId())));

      assertThat(stack.server().readsByResource().getOrDefault("nodes", 0L) - nodeReadsBefore).isZero();
    }
  }
}
