package io.cvlan.cli;

/** A port this process must serve on is taken: said in one line, before anything else has started. */
final class PortInUseException extends Exception {
  PortInUseException(String purpose, int port) {
    super(purpose + " port " + port + " already in use");
  }
}
