package io.cvlan.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints resources the way `kubectl get` does, from the printer columns of their CRD, so the demo shows
 * exactly what a user of a real cluster sees. Understands the jsonPath forms the CRDs use.
 */
public final class ResourceTable {
  private static final Pattern FILTER = Pattern.compile("(\\w+)\\[\\?\\(@\\.(\\w+)==\"([^\"]*)\"\\)\\]");

  private final List<CustomResourceColumnDefinition> columns;
  private final Clock clock;

  public ResourceTable(CustomResourceDefinition crd, Clock clock) {
    this.columns = crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    this.clock = clock;
  }

  public String render(List<? extends HasMetadata> resources) {
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("NAME"));
    columns.forEach(c -> header.add(c.getName()));
    rows.add(header);
    for (HasMetadata r : resources) {
      JsonNode json = Serialization.jsonMapper().valueToTree(r);
      List<String> row = new ArrayList<>(List.of(r.getMetadata().getName()));
      columns.forEach(c -> row.add(format(c, evaluate(json, c.getJsonPath()))));
      rows.add(row);
    }
    int[] widths = new int[header.size()];
    rows.forEach(row -> {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    });
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        out.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
      }
      out.append('\n');
    }
    return out.toString();
  }

  static JsonNode evaluate(JsonNode json, String path) {
    JsonNode node = json;
    for (String part : path.substring(1).split("\\.(?![^\\[]*\\])")) {
      if (node == null) {
        return null;
      }
      Matcher m = FILTER.matcher(part);
      if (m.matches()) {
        JsonNode list = node.get(m.group(1));
        node = null;
        if (list != null) {
          for (JsonNode item : list) {
            if (m.group(3).equals(item.path(m.group(2)).asText())) {
              node = item;
            }
          }
        }
      } else {
        node = node.get(part);
      }
    }
    return node;
  }

  private String format(CustomResourceColumnDefinition column, JsonNode value) {
    if (value == null || value.isNull() || value.isMissingNode()) {
      return "<none>";
    }
    if ("date".equals(column.getType())) {
      return age(Duration.between(Instant.parse(value.asText()), clock.instant()));
    }
    return value.asText();
  }

  /** kubectl's short age: 45s, 12m, 5h, 3d. */
  static String age(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 7200) {
      return s / 60 + "m";
    }
    if (s < 172800) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }
}
