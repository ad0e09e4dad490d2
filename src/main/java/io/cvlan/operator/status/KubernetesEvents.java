package io.cvlan.operator.status;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes core/v1 Events. The same reason and message on the same object within {@link #DEDUP_WINDOW}
 * bump the count of the Event already written, as kubelet does: a flapping resource shows one line with
 * a count, not a page of copies. An Event that cannot be written is logged and dropped, never a reason
 * for a reconcile to fail.
 */
public final class KubernetesEvents implements EventRecorder {
  public static final String COMPONENT = "cvlan-operator";
  static final Duration DEDUP_WINDOW = Duration.ofMinutes(10);
  private static final int REMEMBERED = 4096;
  private static final Logger log = LoggerFactory.getLogger(KubernetesEvents.class);

  private record Key(String kind, String namespace, String name, String uid, String type, String reason, String message) {}

  private record Written(String namespace, String name, Instant last, int count) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;
  private final RecentMemory<Key, Written> recent = new RecentMemory<>(REMEMBERED);

  public KubernetesEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.instance = hostname();
  }

  @Override
  public void record(HasMetadata resource, Type type, String reason, String message) {
    String namespace = resource.getMetadata().getNamespace();
    Key key = new Key(resource.getKind(), namespace, resource.getMetadata().getName(), resource.getMetadata().getUid(),
        type.name(), reason, message);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    // The memory's lock covers its own reads and writes, never the API calls between them. JOSDK
    // reconciles one resource at a time, so one key is not recorded from two threads at once.
    Written previous = recent.get(key);
    try {
      if (previous != null && Duration.between(previous.last(), now).compareTo(DEDUP_WINDOW) < 0 && bump(previous, now)) {
        recent.put(key, new Written(previous.namespace(), previous.name(), now, previous.count() + 1));
        return;
      }
      Event created = client.v1().events().inNamespace(namespace).resource(event(resource, type, reason, message, now)).create();
      recent.put(key, new Written(namespace, created.getMetadata().getName(), now, 1));
      log.info("namespace={} kind={} name={} event={} type={}", namespace, resource.getKind(),
          resource.getMetadata().getName(), reason, type);
    } catch (KubernetesClientException e) {
      log.warn("namespace={} kind={} name={} event={} not recorded: {}", namespace, resource.getKind(),
          resource.getMetadata().getName(), reason, e.getMessage());
    }
  }

  /**
   * A merge patch of count and lastTimestamp, which the operator's role allows (create and patch, no get).
   * False when the Event is gone (the API server's TTL, or deleted by hand): write a new one.
   */
  private boolean bump(Written previous, Instant now) {
    int count = previous.count() + 1;
    try {
      client.v1().events().inNamespace(previous.namespace()).withName(previous.name())
          .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private Event event(HasMetadata resource, Type type, String reason, String message, Instant now) {
    var meta = resource.getMetadata();
    return new EventBuilder()
        .withNewMetadata()
          // kubectl's naming: the object's name and a unique suffix.
          .withName(meta.getName() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
          .withNamespace(meta.getNamespace())
        .endMetadata()
        .withInvolvedObject(new ObjectReferenceBuilder()
            .withApiVersion(resource.getApiVersion())
            .withKind(resource.getKind())
            .withNamespace(meta.getNamespace())
            .withName(meta.getName())
            .withUid(meta.getUid())
            .withResourceVersion(meta.getResourceVersion())
            .build())
        .withType(type.name())
        .withReason(reason)
        .withMessage(message)
        .withCount(1)
        .withFirstTimestamp(now.toString())
        .withLastTimestamp(now.toString())
        .withNewSource().withComponent(COMPONENT).endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(instance)
        .build();
  }

  private static String hostname() {
    String pod = System.getenv("POD_NAME");
    if (pod != null) {
      return pod;
    }
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return COMPONENT;
    }
  }
}
