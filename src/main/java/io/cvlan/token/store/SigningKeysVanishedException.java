package io.cvlan.token.store;

/**
 * The key Secret was deleted between reading a ring and recording what it signed: the key that just signed
 * is gone, so whatever it signed verifies nowhere and must not be handed out. Not an error of the caller's:
 * starting over signs with new keys — or, in a namespace being deleted, meets the refusal to create them.
 */
public final class SigningKeysVanishedException extends IllegalStateException {
  private final String namespace;

  public SigningKeysVanishedException(String namespace) {
    super("signing key Secret " + namespace + "/" + SigningKeyReader.SECRET_NAME + " disappeared while in use");
    this.namespace = namespace;
  }

  public String namespace() {
    return namespace;
  }
}
