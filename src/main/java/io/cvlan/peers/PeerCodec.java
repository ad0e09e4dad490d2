package io.cvlan.peers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The wire format of peers and CVLAN settings (DESIGN §5): one compact JSON object per peer ConfigMap data
 * key, and {@code cvlan.json}. Field order is fixed so that equal peers give byte-equal values and an
 * unchanged peer set writes nothing. Readers ignore fields they do not know, so a newer operator can add
 * fields without breaking older agents; fields they do know are checked, because a bad key or address
 * would otherwise surface much later as a WireGuard error far from its cause.
 */
public final class PeerCodec {
  static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  private static final int WG_KEY_BYTES = 32;

  private PeerCodec() {}

  /** The compact JSON of one peer; the id is the data key, not part of the value. */
  public static String toJson(Peer peer) {
    try {
      return JSON.writeValueAsString(Wire.of(peer));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize peer " + peer.id(), e);
    }
  }

  /**
   * Reads the value stored under data key {@code id}.
   *
   * @throws IllegalArgumentException naming the peer and the field when the value is not a valid peer
   */
  public static Peer fromJson(String id, String json) {
    JsonNode root;
    try {
      root = json == null ? null : JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("peer " + id + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("peer " + id + ": expected a JSON object");
    }
    Fields f = new Fields(id, root);
    String publicKey = f.wireguardKey("public_key");
    String ipv4 = f.address("ipv4", true, IPAddress.IPVersion.IPV4);
    String ipv6 = f.address("ipv6", false, IPAddress.IPVersion.IPV6);
    List<PeerEndpoint> endpoints = f.endpoints("endpoints");
    List<String> taints = f.strings("taints");
    PeerKind kind = f.kind("kind");
    List<String> routes = f.strings("routes");
    for (String route : routes) {
      IPAddressString prefix = new IPAddressString(route);
      if (!prefix.isPrefixed() || prefix.getAddress() == null) {
        throw f.invalid("routes", "expected CIDRs, got " + route);
      }
    }
    return new Peer(id, publicKey, ipv4, ipv6, endpoints, taints, kind, routes);
  }

  /** The compact JSON of {@code cvlan.json}. */
  public static String settingsToJson(CvlanSettings settings) {
    try {
      return JSON.writeValueAsString(settings);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize CVLAN settings", e);
    }
  }

  /** @throws IllegalArgumentException naming the field when {@code json} is not valid settings */
  public static CvlanSettings settingsFromJson(String json) {
    try {
      CvlanSettings settings = JSON.readValue(json, CvlanSettings.class);
      if (settings == null) {
        throw new IllegalArgumentException("cvlan.json: expected a JSON object");
      }
      return settings;
    } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException("cvlan.json: " + cause.getMessage(), e);
    } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
      throw new IllegalArgumentException("cvlan.json: field " + fieldPath(e) + ": " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cvlan.json: not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String fieldPath(com.fasterxml.jackson.databind.JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (com.fasterxml.jackson.databind.JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "<root>" : path.toString();
  }

  /** The JSON shape of a peer; record component order is the field order on the wire. */
  @JsonPropertyOrder({"public_key", "ipv4", "ipv6", "endpoints", "taints", "kind", "routes"})
  private record Wire(
      @JsonProperty("public_key") String publicKey,
      @JsonProperty("ipv4") String ipv4,
      @JsonProperty("ipv6") @JsonInclude(JsonInclude.Include.NON_NULL) String ipv6,
      @JsonProperty("endpoints") List<PeerEndpoint> endpoints,
      @JsonProperty("taints") List<String> taints,
      @JsonProperty("kind") PeerKind kind,
      @JsonProperty("routes") List<String> routes) {

    static Wire of(Peer p) {
      return new Wire(p.publicKey(), p.ipv4(), p.ipv6(), p.endpoints(), p.taints(), p.kind(), p.routes());
    }
  }

  /** Checked access to the fields of one peer object; every error names the peer and the field. */
  private record Fields(String id, JsonNode root) {
    IllegalArgumentException invalid(String field, String what) {
      return new IllegalArgumentException("peer " + id + ": field " + field + ": " + what);
    }

    JsonNode present(String field, boolean required) {
      JsonNode value = root.get(field);
      if (value == null || value.isNull()) {
        if (required) {
          throw invalid(field, "missing");
        }
        return null;
      }
      return value;
    }

    String text(String field, boolean required) {
      JsonNode value = present(field, required);
      if (value == null) {
        return null;
      }
      if (!value.isTextual()) {
        throw invalid(field, "expected a string, got " + value.getNodeType().toString().toLowerCase());
      }
      return value.textValue();
    }

    String wireguardKey(String field) {
      String key = text(field, true);
      byte[] raw;
      try {
        raw = Base64.getDecoder().decode(key);
      } catch (IllegalArgumentException e) {
        throw invalid(field, "expected base64 of 32 bytes");
      }
      if (raw.length != WG_KEY_BYTES) {
        throw invalid(field, "expected base64 of 32 bytes, got " + raw.length + " bytes");
      }
      return key;
    }

    String address(String field, boolean required, IPAddress.IPVersion version) {
      String text = text(field, required);
      if (text == null) {
        return null;
      }
      IPAddressString parsed = new IPAddressString(text);
      IPAddress address = parsed.getAddress();
      if (address == null || parsed.isPrefixed() || address.getIPVersion() != version) {
        throw invalid(field, "expected an " + version + " address without prefix, got " + text);
      }
      return text;
    }

    List<String> strings(String field) {
      JsonNode value = present(field, false);
      if (value == null) {
        return List.of();
      }
      if (!value.isArray()) {
        throw invalid(field, "expected an array of strings");
      }
      List<String> out = new ArrayList<>(value.size());
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          throw invalid(field, "expected an array of strings");
        }
        out.add(item.textValue());
      }
      return out;
    }

    List<PeerEndpoint> endpoints(String field) {
      JsonNode value = present(field, false);
      if (value == null) {
        return List.of();
      }
      if (!value.isArray()) {
        throw invalid(field, "expected an array of {host, port}");
      }
      List<PeerEndpoint> out = new ArrayList<>(value.size());
      for (int i = 0; i < value.size(); i++) {
        JsonNode item = value.get(i);
        JsonNode host = item.get("host");
        JsonNode port = item.get("port");
        if (!item.isObject() || host == null || !host.isTextual() || host.textValue().isEmpty()) {
          throw invalid(field + "[" + i + "].host", "expected a non-empty string");
        }
        if (port == null || !port.isInt() || port.intValue() < 1 || port.intValue() > 65535) {
          throw invalid(field + "[" + i + "].port", "expected an integer between 1 and 65535");
        }
        out.add(new PeerEndpoint(host.textValue(), port.intValue()));
      }
      return out;
    }

    PeerKind kind(String field) {
      String text = text(field, true);
      try {
        return PeerKind.valueOf(text);
      } catch (IllegalArgumentException e) {
        throw invalid(field, "expected node or vrouter, got " + text);
      }
    }
  }
}
