package io.cvlan.registration.register;

import io.cvlan.model.Conditions;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.RegistrationToken;
import io.cvlan.api.v1alpha1.RegistrationTokenKind;
import io.cvlan.model.CvlanConditions;
import io.cvlan.model.CvlanLookup;
import io.cvlan.model.TokenLifetime;
import io.cvlan.registration.http.ApiException;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.token.InvalidTokenException;
import io.cvlan.token.TokenClaims;
import io.cvlan.token.TokenKind;
import io.cvlan.token.TokenVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The checks of DESIGN §3 in their order: syntax and size, signature, expiry (the {@link TokenVerifier},
 * one per API so its cache of verified signatures serves every presentation of a reusable token), then the
 * token's resource, its kind and its CVLAN. The use count is checked by the caller, which owns counting.
 */
final class TokenAdmission {
  static final Duration CVLAN_NOT_READY_RETRY = Duration.ofSeconds(5);
  static final Duration CVLAN_EXHAUSTED_RETRY = Duration.ofSeconds(30);

  /** The two lookups admission makes; the registration API answers them from its {@link ResourceCache}. */
  record Lookups(Function<String, Optional<RegistrationToken>> tokenByUid, Function<String, Optional<CVLAN>> cvlanByUid,
      BiFunction<String, String, List<RegistrationToken>> tokensOfServiceAccount, BiFunction<String, String, Optional<CVLAN>> cvlan) {
    static Lookups of(ResourceCache cache) {
      return new Lookups(cache::tokenByUid, cache::cvlanByUid, cache::tokensOfServiceAccount, cache::cvlan);
    }
  }

  private final TokenVerifier verifier;
  private final Lookups lookups;
  private final Clock clock;

  TokenAdmission(TokenVerifier verifier, ResourceCache cache, Clock clock) {
    this(verifier, Lookups.of(cache), clock);
  }

  TokenAdmission(TokenVerifier verifier, Lookups lookups, Clock clock) {
    this.verifier = verifier;
    this.lookups = lookups;
    this.clock = clock;
  }

  /** The verified claims of a token of {@code kind}; 401 for a bad token, 403 {@code wrong_kind}. */
  TokenClaims verify(String token, TokenKind kind) {
    TokenClaims claims;
    try {
      claims = verifier.verify(token);
    } catch (InvalidTokenException e) {
      throw ApiException.unauthorized(e.error().code().toLowerCase(Locale.ROOT), e.getMessage());
    }
    if (claims.kind() != kind) {
      throw ApiException.forbidden("wrong_kind", "this is a " + claims.kind().wireValue() + " token; it cannot register a "
          + kind.wireValue().toLowerCase(Locale.ROOT) + (kind == TokenKind.CLIENT ? " node" : ""));
    }
    return claims;
  }

  /** A client token: verified, its RegistrationToken alive and unexpired, its CVLAN present and usable. */
  Admission admitClient(String token) {
    TokenClaims claims = verify(token, TokenKind.CLIENT);
    RegistrationToken resource = lookups.tokenByUid().apply(claims.tokenId())
        .filter(t -> claims.tenantId().equals(t.getMetadata().getNamespace()))
        .filter(TokenAdmission::admitsClients)
        .orElseThrow(TokenAdmission::revoked);
    requireUnexpired(resource);
    // The CVLAN incarnation the token was signed for: one re-created under the name admits no old token.
    CVLAN cvlan = lookups.cvlanByUid().apply(claims.cvlanId())
        .filter(c -> c.getMetadata().getNamespace().equals(claims.tenantId()))
        .filter(c -> c.getMetadata().getName().equals(resource.getSpec().getCvlan()))
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .orElseThrow(TokenAdmission::revoked);
    requireUsable(cvlan);
    return new Admission(resource, cvlan);
  }

  /**
   * A pod the API server vouches for, admitted by the RegistrationToken of its namespace that names its
   * ServiceAccount ({@code spec.serviceAccounts}); {@code tokenName} picks one when several do.
   */
  Admission admitServiceAccount(ReviewedPod pod, Optional<String> tokenName) {
    List<RegistrationToken> naming = lookups.tokensOfServiceAccount().apply(pod.namespace(), pod.serviceAccount()).stream()
        .filter(TokenAdmission::admitsClients)
        .filter(t -> tokenName.map(name -> name.equals(t.getMetadata().getName())).orElse(true))
        .sorted(java.util.Comparator.comparing(t -> t.getMetadata().getName()))
        .toList();
    String account = pod.namespace() + "/" + pod.serviceAccount();
    if (naming.isEmpty()) {
      throw ApiException.forbidden("service_account_not_admitted", "ServiceAccount " + account + " is named by no RegistrationToken"
          + tokenName.map(name -> " called " + name).orElse("") + " of namespace " + pod.namespace() + " (spec.serviceAccounts)");
    }
    if (naming.size() > 1) {
      throw ApiException.conflict("ambiguous_registration_token", "ServiceAccount " + account + " is named by the RegistrationTokens "
          + naming.stream().map(t -> t.getMetadata().getName()).toList() + "; say which in registration_token");
    }
    RegistrationToken resource = naming.get(0);
    requireUnexpired(resource);
    CVLAN cvlan = lookups.cvlan().apply(pod.namespace(), resource.getSpec().getCvlan())
        .filter(c -> c.getMetadata().getDeletionTimestamp() == null)
        .orElseThrow(() -> ApiException.unavailable("cvlan_not_ready", "CVLAN " + resource.getSpec().getCvlan()
            + " does not exist; retry later", CVLAN_NOT_READY_RETRY));
    requireUsable(cvlan);
    return new Admission(resource, cvlan);
  }

  private static boolean admitsClients(RegistrationToken token) {
    return token.getMetadata().getDeletionTimestamp() == null
        && (token.getSpec().getKind() == null || token.getSpec().getKind() == RegistrationTokenKind.Client);
  }

  private void requireUnexpired(RegistrationToken resource) {
    if (TokenLifetime.enforced(resource) instanceof TokenLifetime.Result.Valid valid) {
      if (!clock.instant().isBefore(valid.expiresAt())) {
        throw ApiException.unauthorized("expired", "the registration token has expired; ask for a new one");
      }
    } else {
      throw revoked();
    }
  }

  static void requireUsable(CVLAN cvlan) {
    String name = cvlan.getMetadata().getName();
    if (CvlanLookup.of(cvlan.getMetadata().getNamespace(), name, Optional.of(cvlan)) instanceof CvlanLookup.Unusable) {
      throw ApiException.unavailable("cvlan_not_ready", "CVLAN " + name + " is not ready; retry later", CVLAN_NOT_READY_RETRY);
    }
    if (Conditions.isTrue(cvlan.getStatus(), CvlanConditions.EXHAUSTED)) {
      throw ApiException.unavailable("cvlan_exhausted", "CVLAN " + name + " has no free address; retry later or ask an admin to widen it",
          CVLAN_EXHAUSTED_RETRY);
    }
  }

  static ApiException revoked() {
    return ApiException.forbidden("revoked", "the registration token was revoked; ask for a new one");
  }
}
