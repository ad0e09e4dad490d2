package io.cvlan.registration.protocol;

/** Answer to {@code POST /client/deregister} (mTLS): an ephemeral node has left. */
public record DeregisterResponse(String nodeId, boolean deregistered) {}
