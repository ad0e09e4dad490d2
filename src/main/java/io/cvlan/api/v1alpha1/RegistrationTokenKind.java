package io.cvlan.api.v1alpha1;

/** What a RegistrationToken admits. VRouters get join tokens from their own resource, not from this one. */
public enum RegistrationTokenKind {
  Client
}
