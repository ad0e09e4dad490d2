package io.cvlan.ipam;

/** An address a holder was told is claimed by someone else: never hand it out twice, never move the holder. */
public final class AddressConflictException extends Exception {
  public AddressConflictException(String message) {
    super(message);
  }
}
