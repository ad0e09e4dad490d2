package io.cvlan.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Dockerfile, Jib and the chart run the same JVM flags, user and main class. */
class ImageConfigTest {
  @Test
  void dockerfileJibAndChartAgree() throws IOException {
    String dockerfile = Files.readString(Path.of("Dockerfile"));
    String pom = Files.readString(Path.of("pom.xml"));
    String values = Files.readString(Path.of("helm/cvlan-operator/values.yaml"));

    Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)]$").matcher(dockerfile);
    assertThat(entrypoint.find()).isTrue();
    List<String> words = Arrays.stream(entrypoint.group(1).split(",")).map(w -> w.strip().replace("\"", "")).toList();
    assertThat(words.get(0)).isEqualTo("java");
    assertThat(words.subList(words.size() - 2, words.size())).containsExactly("-jar", "/app/cvlan.jar");
    List<String> dockerFlags = words.subList(1, words.size() - 2);

    List<String> jibEntrypoint = new ArrayList<>();
    Matcher entry = Pattern.compile("<entry>([^<]+)</entry>").matcher(pom);
    while (entry.find()) {
      jibEntrypoint.add(entry.group(1));
    }
    assertThat(jibEntrypoint).isEqualTo(words);

    List<String> chartFlags = values.lines().dropWhile(l -> !l.equals("jvmFlags:")).skip(1)
        .takeWhile(l -> l.startsWith("  - ")).map(l -> l.substring(4).strip()).toList();
    assertThat(dockerFlags).contains("-XX:+UseSerialGC", "-Xms8m", "-Xmx64m").isEqualTo(chartFlags);
    // And the chart's rendered operator command is that ENTRYPOINT with the operator's own heap last (it wins).
    var deployment = Manifests.one(HelmChartTest.renderDefaults(), io.fabric8.kubernetes.api.model.apps.Deployment.class);
    List<String> operatorCommand = new ArrayList<>(words);
    operatorCommand.add(words.size() - 2, "-Xmx256m");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand()).isEqualTo(operatorCommand);
    assertThat(dockerfile).contains("FROM maven:3.9-eclipse-temurin-17 AS build", "FROM eclipse-temurin:17-jre", "USER 65532:65532",
        "wireguard-tools", "iproute2", "./mvnw -B -q package -DskipTests", "CMD [\"operator\"]");
    assertThat(pom).contains("<mainClass>io.cvlan.cli.Main</mainClass>", "<user>65532:65532</user>", "<artifactId>jib-maven-plugin</artifactId>");
    // Jib must stay out of the lifecycle: `./mvnw verify` needs neither Docker nor a registry.
    int jib = pom.indexOf("<artifactId>jib-maven-plugin</artifactId>");
    while (jib >= 0) {
      String plugin = pom.substring(jib, pom.indexOf("</plugin>", jib));
      assertThat(plugin).doesNotContain("<executions>", "<phase>");
      jib = pom.indexOf("<artifactId>jib-maven-plugin</artifactId>", jib + 1);
    }
  }
}
