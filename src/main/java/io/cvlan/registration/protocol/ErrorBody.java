package io.cvlan.registration.protocol;

/** Every refusal: a stable code and what to do about it (DESIGN §4). */
public record ErrorBody(String error, String message) {}
