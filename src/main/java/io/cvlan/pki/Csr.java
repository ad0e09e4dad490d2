package io.cvlan.pki;

import java.util.Optional;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * An agent's CSR as a certificate request carries it: one the registration request has verified already, or
 * one the operator read back from storage (a Node's or a Secret's annotation). Only {@link #verified} yields
 * a key to sign, so nothing is signed unverified and nothing verified is verified again.
 */
public sealed interface Csr permits VerifiedCsr, StoredCsr {
  /** As the agent sent it, to keep beside its certificate. */
  String pem();

  /** The CSR with its self-signature verified: at most once, where it was not yet. */
  VerifiedCsr verified() throws InvalidCsrException;

  /**
   * The key the CSR names, its signature not checked: only for comparing with the key of a certificate our CA
   * signed. Empty if it does not parse.
   */
  Optional<SubjectPublicKeyInfo> claimedKey();
}
