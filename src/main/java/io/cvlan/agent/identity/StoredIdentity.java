package io.cvlan.agent.identity;

/** The state of the data dir: nothing yet, a usable identity, or files that cannot be trusted. */
public sealed interface StoredIdentity {
  record NotRegistered() implements StoredIdentity {}

  record Registered(Identity identity, Credentials credentials) implements StoredIdentity {}

  record Corrupt(String reason) implements StoredIdentity {}
}
