package io.cvlan.pki;

import java.util.Optional;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;

/** Who a certificate names: its subject CN and its URI SANs. */
record CertificateIdentity(Optional<String> commonName, java.util.List<String> uris) {

  static CertificateIdentity of(X509CertificateHolder certificate) {
    RDN[] cns = certificate.getSubject().getRDNs(BCStyle.CN);
    Optional<String> cn = cns.length == 0 ? Optional.empty()
        : Optional.of(IETFUtils.valueToString(cns[0].getFirst().getValue()));
    java.util.List<String> uris = new java.util.ArrayList<>();
    GeneralNames names = GeneralNames.fromExtensions(certificate.getExtensions(), Extension.subjectAlternativeName);
    if (names != null) {
      for (GeneralName name : names.getNames()) {
        if (name.getTagNo() == GeneralName.uniformResourceIdentifier) {
          uris.add(ASN1IA5String.getInstance(name.getName()).getString());
        }
      }
    }
    return new CertificateIdentity(cn, java.util.List.copyOf(uris));
  }

  boolean names(String commonName, String uri) {
    return this.commonName.filter(commonName::equals).isPresent() && uris.contains(uri);
  }
}
