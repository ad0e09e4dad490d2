package io.cvlan.ipam;

import inet.ipaddr.IPAddress;
import java.util.Optional;

/**
 * One address taken in a CVLAN, as the index knows it. A claim without uid is not (yet) confirmed by an
 * object this process has seen: a create in flight, or an address another writer took (409). Such claims
 * have no owner, so they block the address without ever being handed to anyone.
 */
record Claim(String name, String uid, Family family, IPAddress address, Optional<OwnerRef> owner) {
  static Claim unconfirmed(String name, Family family, IPAddress address) {
    return new Claim(name, null, family, address, Optional.empty());
  }

  boolean confirmed() {
    return uid != null;
  }

  String text() {
    return address.toCanonicalString();
  }
}
