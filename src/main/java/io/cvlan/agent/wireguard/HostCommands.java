package io.cvlan.agent.wireguard;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the host's network tools ({@code ip}, {@code wg}) directly, never through a shell. */
public final class HostCommands {
  private static final long TIMEOUT_SECONDS = 30;

  private HostCommands() {}

  /** Whether this process runs as root (network namespaces and WireGuard devices need it). */
  public static boolean isRoot() {
    try {
      return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
          .filter(line -> line.startsWith("Uid:"))
          .anyMatch(line -> line.split("\\s+")[2].equals("0"));
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether {@code tool} is an executable on $PATH (or the sbin directories a root shell has). */
  public static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin").split(":")) {
      if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The command as it runs inside {@code netns} ({@code ip netns exec <ns> ...}), or as given without one. */
  public static List<String> inNetns(Optional<String> netns, List<String> command) {
    if (netns.isEmpty()) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(command.size() + 4);
    wrapped.addAll(List.of("ip", "netns", "exec", netns.get()));
    wrapped.addAll(command);
    return wrapped;
  }

  public static String run(List<String> command) throws IOException {
    return run(command, null);
  }

  /**
   * Runs {@code command}, writes {@code stdin} (a secret goes here, never in the arguments, which any user
   * can read in /proc) and returns its standard output; a non-zero exit is an exception with its stderr.
   */
  public static String run(List<String> command, byte[] stdin) throws IOException {
    Process process = new ProcessBuilder(command).start();
    CompletableFuture<byte[]> stdout = drain(process.getInputStream());
    CompletableFuture<byte[]> stderr = drain(process.getErrorStream());
    try (OutputStream in = process.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin);
      }
    }
    try {
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(describe(command) + " did not finish in " + TIMEOUT_SECONDS + " s");
      }
      String out = new String(stdout.join(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IOException(describe(command) + " exited " + process.exitValue() + ": "
            + new String(stderr.join(), StandardCharsets.UTF_8).strip());
      }
      return out;
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException(describe(command) + " interrupted", e);
    }
  }

  // A thread of its own per stream: the common pool may be one thread, or busy, and a blocked pipe stalls the tool.
  private static CompletableFuture<byte[]> drain(InputStream stream) {
    CompletableFuture<byte[]> bytes = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try (stream) {
        bytes.complete(stream.readAllBytes());
      } catch (IOException e) {
        bytes.complete(new byte[0]);
      }
    }, "host-command-output");
    reader.setDaemon(true);
    reader.start();
    return bytes;
  }

  // Long argument lists (a wg set of 1,000 peers) are cut: the error names the command, not every peer.
  private static String describe(List<String> command) {
    String joined = String.join(" ", command);
    return joined.length() <= 200 ? "'" + joined + "'" : "'" + joined.substring(0, 200) + " ...'";
  }
}
