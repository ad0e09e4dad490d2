package io.cvlan.registration;

import static io.cvlan.registration.Registrations.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cvlan.api.v1alpha1.DnsSpec;
import io.cvlan.pki.BuiltInCa;
import io.cvlan.registration.protocol.Json;
import io.cvlan.testing.ApiClient;
import io.cvlan.testing.Golden;
import io.cvlan.testing.RegistrationFixture;
import io.cvlan.testing.TestPki;
import io.cvlan.testing.TestResources;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The answer to {@code POST /client/register} as the wire carries it (the protocol's {@link Json} mapping,
 * snake_case), against src/test/resources/registration/register-answer.json.
 */
class RegisterAnswerGoldenTest {
  @RegisterExtension
  static final RegistrationFixture api = new RegistrationFixture();

  final Registrations given = new Registrations(api);

  /** Ids end in 8 random base32 characters; the golden shows them as {@code ********}. */
  static String normalisedId(String id) {
    return id.matches("[a-z0-9-]+-[a-z2-7]{8}") ? id.substring(0, id.length() - 8) + "********" : id;
  }

  /**
   * The answer with its PEMs, random id suffixes and peer version replaced by the golden's placeholders. Only
   * fields that are there are replaced: a field the answer lost still shows in the comparison.
   */
  static JsonNode normalised(JsonNode answer) {
    ObjectNode copy = answer.deepCopy();
    replace(copy, "node_id", normalisedId(copy.path("node_id").asText()));
    replace(copy, "certificate", "<PEM certificate of the node, signed by ca_chain>");
    replace(copy, "private_key", "<PEM PKCS#8 private key of the certificate>");
    replace(copy, "ca_chain", "<PEM certificate of CVLAN blue's CA>");
    replace(copy, "version", "<peer version>");
    copy.path("peers").forEach(peer -> replace((ObjectNode) peer, "id", normalisedId(peer.path("id").asText())));
    return copy;
  }

  static void replace(ObjectNode node, String field, String placeholder) {
    if (node.has(field)) {
      node.put(field, placeholder);
    }
  }

  @Test
  void aClientRegistrationIsAnsweredWithTheGoldenJson() throws Exception {
    given.readyCvlan("blue", spec -> {
      spec.setCidr("10.100.0.0/16");
      spec.setIpv6Cidr("fd00:100::/64");
      DnsSpec dns = new DnsSpec();
      dns.setNameservers(List.of("10.100.0.53"));
      dns.setSearchDomains(List.of("blue.cvlan.internal"));
      spec.setDns(dns);
    });
    String token = given.tokenText("fleet", "blue", spec -> spec.setTaints(List.of("team-a")));
    String first = api.client().post("/client/register", request(token, "first", TestResources.publicKeyOf("first")))
        .json().get("node_id").asText();
    long publishedWithFirst = given.awaitPublished("blue", first).version();

    ApiClient.Response response = api.client().post("/client/register", request(token, "laptop", TestResources.publicKeyOf("laptop")));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    JsonNode answer = response.json();
    X509Certificate certificate = TestPki.certificate(answer.get("certificate").asText());
    X509Certificate ca = TestPki.certificate(answer.get("ca_chain").asText());
    certificate.verify(ca.getPublicKey());
    assertThat(TestPki.commonName(certificate)).isEqualTo("node-" + answer.get("node_id").asText());
    assertThat(TestPki.keyPairsWithCertificate(TestPki.ecPrivateKey(answer.get("private_key").asText()), certificate)).isTrue();
    Secret cvlanCa = api.k8s().get(Secret.class, BuiltInCa.caSecretName("blue"));
    assertThat(TestPki.certificate(TestPki.data(cvlanCa, "ca.crt"))).isEqualTo(ca);
    assertThat(answer.get("version").asLong()).isBetween(publishedWithFirst, given.published("blue").version());
    JsonNode normalised = normalised(answer);
    JsonNode golden = Json.MAPPER.readTree(Golden.text("registration/register-answer.json"));
    assertThat(normalised).as("the register answer, normalised:%n%s", Json.MAPPER.writerWithDefaultPrettyPrinter()
        .writeValueAsString(normalised)).isEqualTo(golden);
  }
}
