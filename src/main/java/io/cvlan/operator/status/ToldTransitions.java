package io.cvlan.operator.status;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What was already told per object and condition type. A reconcile may start from a cached copy that does
 * not show the previous reconcile's status patch yet; it computes the same change again and must not tell
 * the same news twice.
 */
final class ToldTransitions {
  private static final int REMEMBERED = 8192;

  private final RecentMemory<String, String> told = new RecentMemory<>(REMEMBERED);

  /** True the first time this news is told about this object; false when it is the news told last. */
  boolean firstTelling(HasMetadata resource, ConditionEvent event) {
    var meta = resource.getMetadata();
    String key = resource.getKind() + "/" + meta.getNamespace() + "/" + meta.getName() + "/" + meta.getUid() + "/" + event.condition();
    String news = event.status() + "/" + event.reason();
    return !news.equals(told.put(key, news));
  }
}
