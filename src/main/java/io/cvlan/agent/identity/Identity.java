package io.cvlan.agent.identity;

import io.cvlan.registration.protocol.CvlanDto;

/**
 * What a registration made of this machine, kept in the data dir. The keys live in their own files, never
 * in this record's JSON ({@code identity.json}).
 */
public record Identity(String nodeId, String namespace, String ipv4, String ipv6, CvlanDto cvlan, String server, String serverCa,
    String registeredAt, boolean ephemeral) {}
