package io.cvlan.registration.register;

/**
 * Who a projected ServiceAccount token belongs to, as the API server vouches for it (TokenReview): the
 * namespace, the ServiceAccount and the pod the token is bound to. Never taken from a request body.
 */
record ReviewedPod(String namespace, String serviceAccount, String podName, String podUid) {}
