package io.cvlan.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.DnsSpec;
import io.cvlan.api.v1alpha1.PacketFilterRule;
import io.cvlan.testing.Golden;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerCodecTest {
  static final String NODE_KEY = "q5IiRh1Ag8Eu2P2kBRwxkTa4vVwJbrAizcy5WnnRG0Q=";
  static final String VROUTER_KEY = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";

  static final Peer NODE = Peer.node("node-7", NODE_KEY, "10.100.0.7", "fd00:100::7",
      List.of(new PeerEndpoint("198.51.100.7", 51820), new PeerEndpoint("2001:db8::7", 51821)), List.of("team-a", "env-prod"));
  static final Peer VROUTER = new Peer("vr-eu", VROUTER_KEY, "10.100.255.1", null, List.of(new PeerEndpoint("203.0.113.1", 51820)),
      List.of(), PeerKind.vrouter, List.of("10.200.0.0/16", "192.168.10.0/24"));

  static String golden(String name) {
    return Golden.text("peers/" + name);
  }

  static String refusal(String json) {
    try {
      PeerCodec.fromJson("node-7", json);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("accepted " + json);
  }

  @Test
  void nodePeerIsWrittenAsTheGoldenJson() {
    assertThat(PeerCodec.toJson(NODE)).isEqualTo(golden("node-peer.json"));
  }

  @Test
  void vrouterPeerWithRoutesIsWrittenAsTheGoldenJsonWithoutIpv6() {
    assertThat(PeerCodec.toJson(VROUTER)).isEqualTo(golden("vrouter-peer.json"));
  }

  @Test
  void peersRoundTripThroughJson() {
    assertThat(PeerCodec.fromJson("node-7", PeerCodec.toJson(NODE))).isEqualTo(NODE);
    assertThat(PeerCodec.fromJson("vr-eu", PeerCodec.toJson(VROUTER))).isEqualTo(VROUTER);
  }

  @Test
  void theDataKeyIsTheIdAndNotPartOfTheValue() {
    assertThat(PeerCodec.toJson(NODE)).doesNotContain("node-7\"");
    assertThat(PeerCodec.fromJson("other-id", PeerCodec.toJson(NODE)).id()).isEqualTo("other-id");
  }

  @Test
  void unknownFieldsAreIgnoredForForwardCompatibility() {
    String newer = golden("node-peer.json").replace("{\"public_key\"", "{\"hostname\":\"web-1\",\"extra\":{\"a\":[1]},\"public_key\"");

    assertThat(PeerCodec.fromJson("node-7", newer)).isEqualTo(NODE);
  }

  @Test
  void absentListsReadAsEmpty() {
    Peer peer = PeerCodec.fromJson("n", "{\"public_key\":\"" + NODE_KEY + "\",\"ipv4\":\"10.0.0.1\",\"kind\":\"node\"}");

    assertThat(peer.endpoints()).isEmpty();
    assertThat(peer.taints()).isEmpty();
    assertThat(peer.routes()).isEmpty();
    assertThat(peer.ipv6()).isNull();
  }

  @Test
  void invalidJsonIsRefusedSayingSo() {
    assertThat(refusal("{\"public_key\":")).startsWith("peer node-7: not valid JSON");
    assertThat(refusal("[1,2]")).isEqualTo("peer node-7: expected a JSON object");
    assertThat(refusal(golden("node-peer.json") + "{}")).startsWith("peer node-7: not valid JSON");
  }

  @Test
  void missingPublicKeyIsRefusedNamingTheField() {
    assertThat(refusal("{\"ipv4\":\"10.0.0.1\",\"kind\":\"node\"}")).isEqualTo("peer node-7: field public_key: missing");
  }

  @Test
  void publicKeyThatIsNot32BytesOfBase64IsRefused() {
    assertThat(refusal(golden("node-peer.json").replace(NODE_KEY, "AAAA")))
        .isEqualTo("peer node-7: field public_key: expected base64 of 32 bytes, got 3 bytes");
    assertThat(refusal(golden("node-peer.json").replace(NODE_KEY, "not base64!")))
        .isEqualTo("peer node-7: field public_key: expected base64 of 32 bytes");
  }

  @Test
  void addressesOfTheWrongFamilyOrWithPrefixAreRefused() {
    assertThat(refusal(golden("node-peer.json").replace("\"10.100.0.7\"", "\"fd00::1\"")))
        .startsWith("peer node-7: field ipv4: expected an IPv4 address");
    assertThat(refusal(golden("node-peer.json").replace("\"10.100.0.7\"", "\"10.100.0.7/32\"")))
        .startsWith("peer node-7: field ipv4:");
    assertThat(refusal(golden("node-peer.json").replace("\"fd00:100::7\"", "\"10.0.0.9\"")))
        .startsWith("peer node-7: field ipv6: expected an IPv6 address");
  }

  @Test
  void wrongTypesAreRefusedNamingTheField() {
    assertThat(refusal(golden("node-peer.json").replace("\"10.100.0.7\"", "17")))
        .isEqualTo("peer node-7: field ipv4: expected a string, got number");
    assertThat(refusal(golden("node-peer.json").replace("[\"team-a\",\"env-prod\"]", "\"team-a\"")))
        .isEqualTo("peer node-7: field taints: expected an array of strings");
    assertThat(refusal(golden("vrouter-peer.json").replace("\"10.200.0.0/16\"", "\"10.200.0.0\"")))
        .isEqualTo("peer node-7: field routes: expected CIDRs, got 10.200.0.0");
  }

  @Test
  void endpointWithoutValidPortIsRefusedNamingWhichOne() {
    assertThat(refusal(golden("node-peer.json").replace("51821", "70000")))
        .isEqualTo("peer node-7: field endpoints[1].port: expected an integer between 1 and 65535");
    assertThat(refusal(golden("node-peer.json").replace("{\"host\":\"198.51.100.7\",", "{")))
        .isEqualTo("peer node-7: field endpoints[0].host: expected a non-empty string");
  }

  @Test
  void unknownKindIsRefused() {
    assertThat(refusal(golden("node-peer.json").replace("\"kind\":\"node\"", "\"kind\":\"gateway\"")))
        .isEqualTo("peer node-7: field kind: expected node or vrouter, got gateway");
  }

  @Test
  void allowedIpsAreTheHostRoutesThenTheAdvertisedRoutes() {
    assertThat(NODE.allowedIps()).containsExactly("10.100.0.7/32", "fd00:100::7/128");
    assertThat(VROUTER.allowedIps()).containsExactly("10.100.255.1/32", "10.200.0.0/16", "192.168.10.0/24");
  }

  @Test
  void peerKeepsItsOwnCopyOfTheLists() {
    List<String> taints = new ArrayList<>(List.of("a"));
    Peer peer = Peer.node("n", NODE_KEY, "10.0.0.1", null, List.of(), taints);
    taints.add("b");

    assertThat(peer.taints()).containsExactly("a");
    assertThatThrownBy(() -> peer.taints().add("c")).isInstanceOf(UnsupportedOperationException.class);
  }

  static CVLAN blue() throws IOException {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setName("blue");
    CVLANSpec spec = new CVLANSpec();
    spec.setCidr("10.100.0.0/16");
    DnsSpec dns = new DnsSpec();
    dns.setNameservers(List.of("10.100.0.2"));
    dns.setSearchDomains(List.of("blue.cvlan.internal"));
    spec.setDns(dns);
    spec.setDerpMap(new ObjectMapper().readTree("{\"regions\":{\"1\":{\"code\":\"eu\"}}}"));
    PacketFilterRule rule = new PacketFilterRule();
    rule.setAction(PacketFilterRule.Action.Drop);
    rule.setProtocol(PacketFilterRule.Protocol.TCP);
    rule.setFromTaints(List.of("guest"));
    rule.setPorts(List.of("22"));
    spec.setPacketFilter(List.of(rule));
    cvlan.setSpec(spec);
    return cvlan;
  }

  @Test
  void cvlanSettingsAreWrittenAsTheGoldenJson() throws IOException {
    assertThat(PeerCodec.settingsToJson(CvlanSettings.of(blue()))).isEqualTo(golden("cvlan-settings.json"));
  }

  @Test
  void cvlanWithoutOptionalPartsOmitsThem() {
    CVLAN cvlan = new CVLAN();
    cvlan.setSpec(new CVLANSpec());

    assertThat(PeerCodec.settingsToJson(CvlanSettings.of(cvlan)))
        .isEqualTo("{\"listen_port\":51820,\"mtu\":1420,\"persistent_keepalive\":25,\"packet_filter\":[]}");
  }

  @Test
  void cvlanSettingsRoundTripAndIgnoreUnknownFields() throws IOException {
    CvlanSettings settings = CvlanSettings.of(blue());
    String newer = PeerCodec.settingsToJson(settings).replace("{\"listen_port\"", "{\"future\":true,\"listen_port\"");

    assertThat(PeerCodec.settingsFromJson(newer)).isEqualTo(settings);
  }

  @Test
  void malformedCvlanSettingsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> PeerCodec.settingsFromJson("{\"mtu\":1420}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listen_port");
    assertThatThrownBy(() -> PeerCodec.settingsFromJson("{\"listen_port\":51820,\"mtu\":\"big\"}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cvlan.json: field mtu:");
    assertThatThrownBy(() -> PeerCodec.settingsFromJson("{\"listen_port\":0}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cvlan.json: listen_port must be between 1 and 65535, got 0");
    assertThatThrownBy(() -> PeerCodec.settingsFromJson("{\"listen_port\":"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("cvlan.json: not valid JSON");
  }
}
