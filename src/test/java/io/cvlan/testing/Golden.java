package io.cvlan.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Golden files under {@code src/test/resources}: derived objects written out for a reviewer, who reads their
 * diff instead of the code that produced them.
 */
public final class Golden {
  private Golden() {}

  /** The text of {@code path} (relative to the test resources), without surrounding blank space. */
  public static String text(String path) {
    try (InputStream in = Golden.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new AssertionError("golden file " + path + " is missing from src/test/resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
