package io.cvlan.agent.token;

import java.util.Optional;

/** A cloud's instance metadata service, asked for the registration token a VM was provisioned with. */
public interface MetadataProvider {
  /** The token, if the service has one; empty if it answered without one. Throws when unreachable. */
  Optional<String> token() throws Exception;

  /** For error messages: where the provider looks (never the token). */
  String describe();
}
