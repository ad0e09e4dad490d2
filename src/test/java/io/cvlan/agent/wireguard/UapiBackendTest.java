package io.cvlan.agent.wireguard;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The pure-Java UAPI client against wireguard-go; the shared behaviours are in the contract. */
class UapiBackendTest extends WireGuardBackendContract {

  @Override
  WireGuardBackend backend(String iface, String netns) {
    return new UapiBackend(UapiBackend.socketOf(iface));
  }

  @Test
  void aMessageTheDeviceRejectsIsAnExceptionNamingTheErrno() {
    UapiBackend uapi = new UapiBackend(UapiBackend.socketOf(iface));

    assertThatThrownBy(() -> uapi.exchange("set=1\nlisten_port=not-a-port\n\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("errno=");
  }
}
