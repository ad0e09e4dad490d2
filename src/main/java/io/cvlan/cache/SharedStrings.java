package io.cvlan.cache;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;

/**
 * One copy of each short string the operator reads from the API server. A process holds every Node three
 * times (the Node controller's cache, the CVLAN reconciler's, the registration API's), each decoded on its own:
 * their names, uids, keys, addresses, labels and condition texts were half the live heap at 10,000 Nodes.
 * Short values are interned as they are decoded; long ones (certificates, peer ConfigMap data) are unique and
 * are left alone.
 */
public final class SharedStrings {
  /** Longer values are one-offs: interning them would only fill the string table. */
  static final int MAX_SHARED_LENGTH = 256;

  private SharedStrings() {}

  /** fabric8's serialization with string values shared. */
  public static KubernetesSerialization serialization() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.registerModule(new SimpleModule("cvlan-shared-strings").addDeserializer(String.class, new Shared()));
    return new KubernetesSerialization(mapper, true);
  }

  static String share(String value) {
    return value != null && value.length() <= MAX_SHARED_LENGTH ? value.intern() : value;
  }

  private static final class Shared extends StdScalarDeserializer<String> {
    Shared() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (parser.hasToken(JsonToken.VALUE_STRING)) {
        return share(parser.getText());
      }
      return share(StringDeserializer.instance.deserialize(parser, context));
    }
  }
}
