package io.cvlan.registration.register;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;

/**
 * A RegistrationToken that admitted a request — by its signed token (every check of DESIGN §3 up to the use
 * count) or by the ServiceAccount of a reviewed pod — and the CVLAN it admits into.
 */
record Admission(RegistrationToken token, CVLAN cvlan) {
  String namespace() {
    return token.getMetadata().getNamespace();
  }

  String cvlanName() {
    return cvlan.getMetadata().getName();
  }

  /** The token id: the RegistrationToken's uid, which its signed token carries as {@code token_id}. */
  String tokenId() {
    return token.getMetadata().getUid();
  }

  String tokenName() {
    return token.getMetadata().getName();
  }
}
