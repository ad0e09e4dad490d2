package io.cvlan.registration.protocol;

/** The pod a sidecar agent runs in: its Node is owned by that pod. */
public record PodDto(String namespace, String name, String uid) {}
