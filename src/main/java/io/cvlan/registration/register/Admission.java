package io.cvlan.registration.register;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.token.TokenClaims;

/** A token that passed every check of DESIGN §3 up to the use count: its claims, resource and CVLAN. */
record Admission(TokenClaims claims, RegistrationToken token, CVLAN cvlan) {
  String namespace() {
    return token.getMetadata().getNamespace();
  }

  String cvlanName() {
    return cvlan.getMetadata().getName();
  }

  String tokenName() {
    return token.getMetadata().getName();
  }
}
