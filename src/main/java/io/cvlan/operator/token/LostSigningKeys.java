package io.cvlan.operator.token;

import io.cvlan.api.v1alpha1.Labels;
import io.cvlan.token.store.SigningKeyReader;
import io.cvlan.token.store.SigningKeyStore;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.stream.Collectors;

/**
 * Wakes every token owner of a namespace when a signing key goes missing there: the key Secret deleted, or
 * a key taken out of it by hand. Tokens that key signed verify nowhere any more, and their Secrets should
 * not keep saying Ready while holding them; a reconcile signs them again ({@link SignedToken.Origin#REPLACES_LOST_KEY}).
 * Keys added, rotated or recorded change nothing issued and wake no one; retired keys pruned once their
 * tokens expired wake the namespace once, for nothing.
 */
public final class LostSigningKeys {
  private LostSigningKeys() {}

  public static <P extends HasMetadata> InformerEventSource<Secret, P> eventSource(Class<P> owners, String name,
      EventSourceContext<P> context) {
    var configuration = InformerEventSourceConfiguration.from(Secret.class, owners)
        .withName(name)
        .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.OPERATOR + "," + Labels.COMPONENT + "=" + SigningKeyStore.COMPONENT)
        .withOnAddFilter(keys -> false)
        .withOnUpdateFilter((newer, older) -> !SigningKeyReader.kids(newer).containsAll(SigningKeyReader.kids(older)))
        .withOnDeleteFilter((keys, unknownState) -> true)
        .withSecondaryToPrimaryMapper(keys -> context.getPrimaryCache().list(keys.getMetadata().getNamespace())
            .map(ResourceID::fromResource)
            .collect(Collectors.toSet()))
        .build();
    return new InformerEventSource<>(configuration, context);
  }
}
