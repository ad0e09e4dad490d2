package io.cvlan.build;

/** What this build of cvlan is, as every command and the agent's registration report it. */
public final class BuildInfo {
  private BuildInfo() {}

  /** The jar's Implementation-Version, or "dev" when run from classes (tests, the IDE). */
  public static String version() {
    String v = BuildInfo.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
