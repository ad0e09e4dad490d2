package io.cvlan.pki;

import java.time.Duration;

/** The identity and lifetime of a node or vrouter certificate. */
public record LeafProfile(String commonName, String uriSan, Duration validity) {
}
