package io.cvlan.pki;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * A Kubernetes duration written the way {@code kubectl} users read it ({@code 8760h0m0s}): fabric8's own
 * serializer writes nanoseconds ({@code 31536000000000000ns}), valid for cert-manager but unreadable.
 */
@JsonSerialize(using = GoDuration.Writer.class)
final class GoDuration extends io.fabric8.kubernetes.api.model.Duration {

  GoDuration(java.time.Duration duration) {
    super(duration);
  }

  /** Go's {@code time.Duration.String()} for whole seconds: hours, minutes and seconds. */
  static String format(java.time.Duration duration) {
    long seconds = duration.getSeconds();
    return seconds / 3600 + "h" + (seconds % 3600) / 60 + "m" + seconds % 60 + "s";
  }

  static final class Writer extends StdSerializer<GoDuration> {
    Writer() {
      super(GoDuration.class);
    }

    @Override
    public void serialize(GoDuration value, JsonGenerator generator, SerializerProvider provider) throws IOException {
      generator.writeString(format(value.getDuration()));
    }
  }
}
