package io.cvlan.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.testing.TestPki;
import io.fabric8.kubernetes.api.model.Secret;
import java.security.KeyPair;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The operator's own CA: one per CVLAN, kept in Secrets, issuing node certificates. */
class BuiltInCaTest {
  private static final Duration YEAR = Duration.ofHours(8760);

  @RegisterExtension
  static final PkiCluster cluster = new PkiCluster();

  @Test
  void cvlanWithoutIssuerRefGetsTheBuiltInCa() {
    CVLAN blue = cluster.cvlan("blue");

    assertThat(new CertificateIssuers(cluster.client(), cluster.clock()).forCvlan(blue)).isInstanceOf(BuiltInCa.class);
  }

  @Test
  void caIsCreatedOnceAndReusedForEveryCertificate() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    CertificateIssuer issuer = new CertificateIssuers(cluster.client(), cluster.clock()).forCvlan(blue);

    IssueResult.Issued first = issued(issuer.issue(blue, cluster.request("a", YEAR)));
    IssueResult.Issued second = issued(issuer.issue(blue, cluster.request("b", YEAR)));

    assertThat(second.caChainPem()).isEqualTo(first.caChainPem());
    assertThat(cluster.client().secrets().inNamespace(cluster.namespace()).list().getItems())
        .extracting(s -> s.getMetadata().getName())
        .containsExactlyInAnyOrder("blue-ca", "blue-ca-key", "a-tls", "b-tls");
  }

  @Test
  void caSurvivesAnOperatorRestart() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    IssueResult.Issued before = issued(new CertificateIssuers(cluster.client(), cluster.clock()).forCvlan(blue)
        .issue(blue, cluster.request("a", YEAR)));

    CertificateIssuers restarted = new CertificateIssuers(cluster.client(), cluster.clock());
    IssueResult.Issued after = issued(restarted.forCvlan(blue).issue(blue, cluster.request("b", YEAR)));

    assertThat(after.caChainPem()).isEqualTo(before.caChainPem());
    assertThat(restarted.forCvlan(blue).current(blue, cluster.request("a", YEAR))).isPresent();
  }

  @Test
  void twoOperatorsRacingForTheCaEndUpWithTheSameOne() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    BuiltInCa one = new BuiltInCa(cluster.client(), cluster.clock());
    BuiltInCa two = new BuiltInCa(cluster.client(), cluster.clock());

    var first = java.util.concurrent.CompletableFuture.supplyAsync(() -> one.authority(blue).certificatePem());
    var second = java.util.concurrent.CompletableFuture.supplyAsync(() -> two.authority(blue).certificatePem());

    assertThat(first.get()).isEqualTo(second.get());
  }

  @Test
  void caKeyIsKeptApartFromTheCertificateAgentsRead() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    issued(new BuiltInCa(cluster.client(), cluster.clock()).issue(blue, cluster.request("a", YEAR)));

    Secret readable = cluster.secret("blue-ca");
    Secret key = cluster.secret("blue-ca-key");

    assertThat(readable.getData()).containsOnlyKeys("ca.crt");
    assertThat(key.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(key.getData()).containsOnlyKeys("tls.crt", "tls.key");
    for (Secret secret : List.of(readable, key)) {
      assertThat(secret.getMetadata().getLabels()).containsEntry("cvlan.io/cvlan", "blue");
      assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("CVLAN");
            assertThat(owner.getUid()).isEqualTo(blue.getMetadata().getUid());
          });
    }
  }

  @Test
  void caCertificateIsAnEcP256CaForTheCvlan() {
    CVLAN blue = cluster.cvlan("blue");

    X509Certificate ca = new BuiltInCa(cluster.client(), cluster.clock()).authority(blue).jcaCertificate();

    assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=cvlan " + cluster.namespace() + "/blue CA");
    assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
    assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(ca.getBasicConstraints()).isZero();
    assertThat(ca.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(ca.getKeyUsage()[6]).as("cRLSign").isTrue();
    assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()))
        .isGreaterThan(Duration.ofDays(3649));
  }

  @Test
  void leafCarriesTheRequestedIdentityUsagesAndValidity() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    var request = cluster.request("abc", YEAR);

    IssueResult.Issued issued = issued(new BuiltInCa(cluster.client(), cluster.clock()).issue(blue, request));
    X509Certificate leaf = x509(issued.certificatePem());

    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=node-abc");
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(6, "node:abc"));
    assertThat(leaf.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.1");
    assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getSerialNumber().signum()).isPositive();
    assertThat(leaf.getSerialNumber().bitLength()).isLessThanOrEqualTo(127);
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(issued.notAfter());
    assertThat(Duration.between(issued.notBefore(), issued.notAfter()))
        .isEqualTo(YEAR.plus(CertificateAuthority.BACKDATE));
    assertThat(Duration.between(cluster.clock().instant(), issued.notAfter()))
        .isBetween(YEAR.minusSeconds(30), YEAR);
  }

  @Test
  void leafChainsToTheCvlanCa() throws Exception {
    CVLAN blue = cluster.cvlan("blue");

    IssueResult.Issued issued = issued(new BuiltInCa(cluster.client(), cluster.clock())
        .issue(blue, cluster.request("abc", YEAR)));

    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    CertPath path = factory.generateCertPath(List.of(x509(issued.certificatePem())));
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(x509(issued.caChainPem()), null)));
    parameters.setRevocationEnabled(false);
    parameters.setDate(Date.from(cluster.clock().instant()));
    CertPathValidator.getInstance("PKIX").validate(path, parameters);
  }

  @Test
  void withoutCsrTheKeyIsGeneratedAndStoredWithTheCertificate() throws Exception {
    CVLAN blue = cluster.cvlan("blue");

    IssueResult.Issued issued = issued(new BuiltInCa(cluster.client(), cluster.clock())
        .issue(blue, cluster.request("abc", YEAR)));
    Secret secret = cluster.secret("abc-tls");

    assertThat(issued.privateKeyPem()).isPresent();
    var key = (java.security.interfaces.ECPrivateKey) TestPki.ecPrivateKey(issued.privateKeyPem().get());
    assertThat(key.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
    assertThat(TestPki.keyPairsWithCertificate(key, x509(issued.certificatePem()))).isTrue();
    assertThat(secret.getType()).isEqualTo("kubernetes.io/tls");
    assertThat(Secrets.text(secret, "tls.key")).isEqualTo(issued.privateKeyPem());
    assertThat(Secrets.text(secret, "tls.crt")).contains(issued.certificatePem());
    assertThat(Secrets.text(secret, "ca.crt")).contains(issued.caChainPem());
    assertThat(secret.getMetadata().getLabels()).containsEntry("cvlan.io/cvlan", "blue");
    assertThat(secret.getMetadata().getOwnerReferences()).singleElement()
        .satisfies(owner -> assertThat(owner.getName()).isEqualTo("abc"));
  }

  @Test
  void csrIsSignedWithoutStoringAnyKey() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    KeyPair agentKeys = Csrs.ed25519();
    var request = withCsr(cluster.request("abc", YEAR), Csrs.csr("node-abc", agentKeys));

    IssueResult.Issued issued = issued(new BuiltInCa(cluster.client(), cluster.clock()).issue(blue, request));

    assertThat(issued.privateKeyPem()).isEmpty();
    assertThat(x509(issued.certificatePem()).getPublicKey().getEncoded()).isEqualTo(agentKeys.getPublic().getEncoded());
    Secret secret = cluster.secret("abc-tls");
    assertThat(secret.getData()).containsEntry("tls.key", "");
    assertThat(Secrets.text(secret, "tls.key")).isEmpty();
  }

  @Test
  void csrSubjectIsIgnoredBecauseTheServerDecidesTheIdentity() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    var request = withCsr(cluster.request("abc", YEAR), Csrs.csr("node-admin", Csrs.p256()));

    IssueResult.Issued issued = issued(new BuiltInCa(cluster.client(), cluster.clock()).issue(blue, request));

    assertThat(x509(issued.certificatePem()).getSubjectX500Principal().getName()).isEqualTo("CN=node-abc");
  }

  @Test
  void invalidCsrIsRefusedAndWritesNothing() {
    CVLAN blue = cluster.cvlan("blue");
    var request = withCsr(cluster.request("abc", YEAR), "garbage");

    assertThatThrownBy(() -> new BuiltInCa(cluster.client(), cluster.clock()).issue(blue, request))
        .isInstanceOf(InvalidCsrException.class)
        .hasMessageContaining("not PEM");
    assertThat(cluster.secret("abc-tls")).isNull();
  }

  @Test
  void currentReturnsTheStoredCertificateWhileItIsFresh() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    BuiltInCa ca = new BuiltInCa(cluster.client(), cluster.clock());
    IssueResult.Issued issued = issued(ca.issue(blue, cluster.request("abc", YEAR)));

    cluster.clock().advance(Duration.ofDays(200));

    assertThat(ca.current(blue, cluster.request("abc", YEAR))).contains(issued);
  }

  @Test
  void currentIsEmptyOnceTwoThirdsOfTheLifetimeHavePassedAndIssueThenRenews() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    BuiltInCa ca = new BuiltInCa(cluster.client(), cluster.clock());
    IssueResult.Issued old = issued(ca.issue(blue, cluster.request("abc", YEAR)));

    cluster.clock().advance(Duration.ofDays(244));

    assertThat(ca.current(blue, cluster.request("abc", YEAR))).isEmpty();
    IssueResult.Issued renewed = issued(ca.issue(blue, cluster.request("abc", YEAR)));
    assertThat(renewed.notAfter()).isAfter(old.notAfter().plus(Duration.ofDays(243)));
    assertThat(ca.current(blue, cluster.request("abc", YEAR))).contains(renewed);
  }

  @Test
  void currentIsEmptyForAnotherIdentity() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    BuiltInCa ca = new BuiltInCa(cluster.client(), cluster.clock());
    issued(ca.issue(blue, cluster.request("abc", YEAR)));
    var sameSecretOtherNode = new CertificateRequest(cluster.namespace(), "abc-tls", "node-xyz", "node:xyz", YEAR,
        Optional.empty(), cluster.owner("abc"));

    assertThat(ca.current(blue, sameSecretOtherNode)).isEmpty();
  }

  @Test
  void currentIsEmptyForACertificateFromAnotherCvlansCa() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    CVLAN red = cluster.cvlan("red");
    BuiltInCa ca = new BuiltInCa(cluster.client(), cluster.clock());
    issued(ca.issue(red, cluster.request("abc", YEAR)));
    ca.authority(blue);

    assertThat(ca.current(blue, cluster.request("abc", YEAR))).isEmpty();
  }

  @Test
  void signingTheVerifiedCsrOfARequestDoesNotVerifyItAgain() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    KeyPair claimed = Csrs.p256();
    String tampered = Csrs.csr("node-abc", claimed.getPublic(), Csrs.p256().getPrivate());
    // Only the parser makes one, once the signature verified; forged here, it shows the signing trusts that check.
    var forged = new VerifiedCsr(tampered, SubjectPublicKeyInfo.getInstance(claimed.getPublic().getEncoded()));

    IssueResult.Issued issued = new BuiltInCa(cluster.client(), cluster.clock())
        .signNow(blue, withCsr(cluster.request("abc", YEAR), forged)).orElseThrow();

    assertThat(x509(issued.certificatePem()).getPublicKey().getEncoded()).isEqualTo(claimed.getPublic().getEncoded());
  }

  @Test
  void aStoredCsrIsVerifiedBeforeItIsSignedAndATamperedOneRefusedWithTheParsersReason() {
    CVLAN blue = cluster.cvlan("blue");
    KeyPair claimed = Csrs.p256();
    var request = withCsr(cluster.request("abc", YEAR), Csrs.csr("node-abc", claimed.getPublic(), Csrs.p256().getPrivate()));
    BuiltInCa ca = new BuiltInCa(cluster.client(), cluster.clock());

    assertThatThrownBy(() -> ca.signNow(blue, request))
        .isInstanceOf(InvalidCsrException.class)
        .hasMessage("the CSR's signature does not verify with its public key");
    assertThatThrownBy(() -> ca.issue(blue, request))
        .isInstanceOf(InvalidCsrException.class)
        .hasMessage("the CSR's signature does not verify with its public key");
    assertThat(cluster.secret("abc-tls")).isNull();
  }

  @Test
  void aKeptCertificateIsCurrentForTheKeyItsStoredCsrClaims() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    BuiltInCa ca = new BuiltInCa(cluster.client(), cluster.clock());
    String csr = Csrs.csr("node-abc", Csrs.p256());
    IssueResult.Issued issued = ca.signNow(blue, withCsr(cluster.request("abc", YEAR), CsrParser.verified(csr))).orElseThrow();

    assertThat(ca.current(blue, withCsr(cluster.request("abc", YEAR), csr), issued.certificatePem(), Optional.empty()))
        .contains(issued);
  }

  @Test
  void aKeptCertificateIsNotCurrentForTheCsrOfAnotherKey() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    BuiltInCa ca = new BuiltInCa(cluster.client(), cluster.clock());
    IssueResult.Issued issued = ca.signNow(blue, withCsr(cluster.request("abc", YEAR),
        CsrParser.verified(Csrs.csr("node-abc", Csrs.p256())))).orElseThrow();
    var otherKey = withCsr(cluster.request("abc", YEAR), Csrs.csr("node-abc", Csrs.p256()));

    assertThat(ca.current(blue, otherKey, issued.certificatePem(), Optional.empty())).isEmpty();
  }

  @Test
  void aKeptCertificateKnownGoodIsStillRenewedTwoThirdsIntoItsLife() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    BuiltInCa ca = new BuiltInCa(cluster.client(), cluster.clock());
    String csr = Csrs.csr("node-abc", Csrs.p256());
    IssueResult.Issued issued = ca.signNow(blue, withCsr(cluster.request("abc", YEAR), CsrParser.verified(csr))).orElseThrow();
    var kept = withCsr(cluster.request("abc", YEAR), csr);
    Instant renewAt = Renewal.renewAt(issued.notBefore(), issued.notAfter());

    cluster.clock().advance(Duration.between(cluster.clock().instant(), renewAt).minusMinutes(1));
    assertThat(ca.current(blue, kept, issued.certificatePem(), Optional.empty())).contains(issued);

    cluster.clock().advance(Duration.ofMinutes(1));
    assertThat(ca.current(blue, kept, issued.certificatePem(), Optional.empty())).isEmpty();
  }

  @Test
  void aKeptCertificateFromTheCaOfACvlanRecreatedUnderItsNameIsNotCurrent() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    BuiltInCa ca = new BuiltInCa(cluster.client(), cluster.clock());
    String csr = Csrs.csr("node-abc", Csrs.p256());
    IssueResult.Issued issued = ca.signNow(blue, withCsr(cluster.request("abc", YEAR), CsrParser.verified(csr))).orElseThrow();
    var firstCaName = ca.authority(blue).certificate().getSubject();

    ca.forget(blue);
    cluster.client().resource(blue).delete();
    CVLAN recreated = cluster.cvlan("blue");

    assertThat(recreated.getMetadata().getUid()).isNotEqualTo(blue.getMetadata().getUid());
    assertThat(ca.authority(recreated).certificate().getSubject()).isEqualTo(firstCaName);
    assertThat(ca.current(recreated, withCsr(cluster.request("abc", YEAR), csr), issued.certificatePem(), Optional.empty()))
        .isEmpty();
  }

  @Test
  void issueTwiceIsHarmless() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    BuiltInCa ca = new BuiltInCa(cluster.client(), cluster.clock());
    issued(ca.issue(blue, cluster.request("abc", YEAR)));

    IssueResult.Issued again = issued(ca.issue(blue, cluster.request("abc", YEAR)));

    assertThat(Secrets.text(cluster.secret("abc-tls"), "tls.crt")).contains(again.certificatePem());
  }

  @Test
  void revokeDeletesTheSecret() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    BuiltInCa ca = new BuiltInCa(cluster.client(), cluster.clock());
    issued(ca.issue(blue, cluster.request("abc", YEAR)));

    ca.revoke(cluster.namespace(), "abc-tls");

    assertThat(cluster.secret("abc-tls")).isNull();
    assertThat(ca.current(blue, cluster.request("abc", YEAR))).isEmpty();
  }

  @Test
  void issuedNeverPrintsTheKey() throws Exception {
    CVLAN blue = cluster.cvlan("blue");
    IssueResult.Issued issued = issued(new BuiltInCa(cluster.client(), cluster.clock())
        .issue(blue, cluster.request("abc", YEAR)));

    assertThat(issued.toString()).doesNotContain("PRIVATE KEY").contains("<redacted>");
  }

  static IssueResult.Issued issued(IssueResult result) {
    assertThat(result).isInstanceOf(IssueResult.Issued.class);
    return (IssueResult.Issued) result;
  }

  /** {@code csr} as the operator reads it back from storage: not verified yet. */
  static CertificateRequest withCsr(CertificateRequest request, String csr) {
    return withCsr(request, new StoredCsr(csr));
  }

  static CertificateRequest withCsr(CertificateRequest request, Csr csr) {
    return new CertificateRequest(request.namespace(), request.secretName(), request.commonName(), request.uriSan(),
        request.validity(), Optional.of(csr), request.owner());
  }

  static X509Certificate x509(String pem) {
    X509CertificateHolder holder = Pem.parseCertificate(pem).orElseThrow();
    return Pem.toJca(holder);
  }
}
