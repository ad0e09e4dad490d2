package io.cvlan.cli;

import io.cvlan.build.BuildInfo;
import picocli.CommandLine;

/** {@code --version} of every command. */
public final class Version implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"cvlan " + BuildInfo.version()};
  }
}
