package io.cvlan.bench;

import io.cvlan.agent.CsrKeys;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.api.v1alpha1.CVLANSpec;
import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.api.v1alpha1.NodePhase;
import io.cvlan.api.v1alpha1.NodeSpec;
import io.cvlan.api.v1alpha1.OverlayNode;
import io.cvlan.api.v1alpha1.WireGuardEndpoint;
import io.cvlan.embedded.EmbeddedApiServer;
import io.cvlan.ipam.AddressSpaceParser;
import io.cvlan.ipam.Allocation;
import io.cvlan.model.Provisioning;
import io.cvlan.pki.CertificateProfiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator's live heap with many registered Nodes, measured on the operator alone: the embedded API
 * server holds {@code nodes} Nodes as registration leaves them (addresses in spec, CSR and certificate on the
 * Node, one claim each) in this JVM; {@code cvlan operator} runs in its own JVM with the chart's flags and
 * the given {@code -Xmx}, confirms every Node, and its heap is read after a full GC ({@code jcmd}).
 */
public final class OperatorHeapBench {
  private static final String NAMESPACE = "heap";
  private static final long READY_TIMEOUT_SECONDS = 600;
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  private OperatorHeapBench() {}

  public static Map<String, String> run(PrintStream out, int nodes, String xmx) throws Exception {
    Map<String, String> figures = new LinkedHashMap<>();
    Path work = Files.createTempDirectory("cvlan-heap-bench");
    try (EmbeddedApiServer server = EmbeddedApiServer.start()) {
      KubernetesClient client = server.client();
      out.printf("creating %d registered Nodes and their claims ...%n", nodes);
      long start = System.nanoTime();
      populate(client, nodes);
      out.printf("created in %d s%n", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));

      ChildOperator operator = ChildOperator.start(server, work, ChildOperator.chartFlags(xmx), NAMESPACE);
      try {
        long readyAt = awaitReady(client, nodes, operator, out);
        figures.put("nodes", String.valueOf(nodes));
        figures.put("xmx", xmx);
        if (readyAt < 0) {
          figures.put("operator_heap_mb_10k", operator.alive() ? "timeout" : "died");
          out.println("operator log: " + operator.log());
          return figures;
        }
        figures.put("confirm_s", String.valueOf(readyAt));
        // The histogram follows a full collection and counts only what it reached: the live heap. (The heap's
        // "used" read a moment after a full GC also counts what the operator allocated since, in a young
        // generation of a third of -Xmx: it swung by ±20 MB between runs of the same code.)
        String histogram = run(List.of(jcmd(), String.valueOf(operator.pid()), "GC.class_histogram"));
        // What the heap holds, largest first: where to look when the figure grows.
        histogram.lines().limit(25).forEach(out::println);
        Files.writeString(work.resolve("histogram.txt"), histogram);
        out.println("whole histogram: " + work.resolve("histogram.txt"));
        figures.put("operator_heap_mb_10k", String.format(Locale.ROOT, "%.1f", liveBytes(histogram) / (1024.0 * 1024.0)));
        figures.put("operator_heap_used_mb_10k", String.format(Locale.ROOT, "%.1f", heapUsedKilobytes(operator.pid()) / 1024.0));
        figures.put("operator_rss_mb_10k", String.valueOf(WireGuardBench.residentKilobytes(operator.pid()) / 1024));
      } finally {
        operator.close();
      }
    }
    return figures;
  }

  /** The objects a registration of {@code nodes} nodes leaves: a CVLAN, its CA, and per node a claim and a Node. */
  private static void populate(KubernetesClient client, int nodes) throws Exception {
    CVLAN cvlan = new CVLAN();
    cvlan.getMetadata().setName("bench");
    cvlan.getMetadata().setNamespace(NAMESPACE);
    cvlan.setSpec(new CVLANSpec());
    cvlan.getSpec().setCidr("10.0.0.0/14");
    CVLAN created = client.resource(cvlan).create();
    var space = ((AddressSpaceParser.Result.Valid) AddressSpaceParser.parse(created.getSpec().getCidr(), null, null)).space();
    SecureRandom random = new SecureRandom();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try (Provisioning provisioning = Provisioning.start(client, Clock.systemUTC())) {
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        String name = "node-" + i;
        work.add(pool.submit(() -> {
          OverlayNode node = node(name, random);
          CsrKeys csr = CsrKeys.generate(name, random);
          Allocation allocation = provisioning.allocator().allocate(created, space, node);
          node.getSpec().setIpv4(allocation.ipv4());
          String certificate = provisioning.issuers().forCvlan(created)
              .signNow(created, CertificateProfiles.node(created, node, java.util.Optional.of(io.cvlan.pki.CsrParser.verified(csr.csrPem())))).orElseThrow().certificatePem();
          Map<String, String> annotations = new HashMap<>();
          annotations.put(Labels.CSR_ANNOTATION, Base64.getEncoder().encodeToString(csr.csrPem().getBytes(StandardCharsets.US_ASCII)));
          annotations.put(Labels.CERTIFICATE_ANNOTATION, certificate);
          node.getMetadata().setAnnotations(annotations);
          node.getMetadata().setFinalizers(List.of(Labels.NODE_FINALIZER));
          return client.resource(node).create();
        }));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static OverlayNode node(String name, SecureRandom random) {
    OverlayNode node = new OverlayNode();
    node.getMetadata().setName(name);
    node.getMetadata().setNamespace(NAMESPACE);
    node.getMetadata().setLabels(Map.of(Labels.MANAGED_BY, Labels.OPERATOR, Labels.CVLAN, "bench"));
    NodeSpec spec = new NodeSpec();
    spec.setCvlan("bench");
    byte[] key = new byte[32];
    random.nextBytes(key);
    spec.setPublicKey(Base64.getEncoder().encodeToString(key));
    spec.setHostname(name);
    spec.setOs("linux");
    spec.setAgentVersion("bench");
    WireGuardEndpoint endpoint = new WireGuardEndpoint();
    endpoint.setHost("192.0.2.1");
    endpoint.setPort(51820);
    spec.setEndpoints(List.of(endpoint));
    node.setSpec(spec);
    return node;
  }

  /** Seconds until every Node is Ready; -1 when the operator died or the wait timed out. */
  private static long awaitReady(KubernetesClient client, int nodes, ChildOperator operator, PrintStream out) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
    long lastReport = 0;
    while (System.nanoTime() < deadline && operator.alive()) {
      long ready = client.resources(OverlayNode.class).inNamespace(NAMESPACE).list().getItems().stream()
          .filter(n -> n.getStatus() != null && n.getStatus().getPhase() == NodePhase.Ready).count();
      if (ready >= nodes) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
      }
      if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(15)) {
        out.printf("ready=%d of %d%n", ready, nodes);
        lastReport = System.nanoTime();
      }
      Thread.sleep(2000);
    }
    return -1;
  }

  /** The bytes of the histogram's Total row: every object reachable after the full collection it ran. */
  static long liveBytes(String histogram) {
    return histogram.lines().filter(l -> l.trim().startsWith("Total")).map(l -> l.trim().split("\\s+"))
        .map(f -> Long.parseLong(f[f.length - 1])).findFirst()
        .orElseThrow(() -> new IllegalStateException("no Total row in the class histogram"));
  }

  /** The heap in use (the generations' "used", Metaspace excluded) as {@code jcmd GC.heap_info} reports it. */
  private static long heapUsedKilobytes(long pid) throws IOException, InterruptedException {
    long used = 0;
    for (String line : run(List.of(jcmd(), String.valueOf(pid), "GC.heap_info")).split("\n")) {
      if (line.contains("Metaspace") || line.contains("class space")) {
        continue;
      }
      Matcher m = USED.matcher(line);
      if (m.find() && (line.contains("generation") || line.contains("heap"))) {
        used += Long.parseLong(m.group(1));
      }
    }
    return used;
  }

  private static String jcmd() {
    return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(60, TimeUnit.SECONDS);
    return output;
  }
}
