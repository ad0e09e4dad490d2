package io.cvlan.operator.token;

import io.cvlan.api.v1alpha1.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Secret an agent or vrouter mounts to join ({@link TokenSecrets}: `token`, `server`, `ca.crt`), owned by
 * the resource it belongs to. {@link #desired} keeps the token the Secret already holds while it still says
 * what the owner wants, so the desired Secret matches the actual one and reconciling again writes nothing.
 */
public abstract class TokenSecretDependent<P extends HasMetadata> extends CRUDKubernetesDependentResource<Secret, P> {
  private static final Logger log = LoggerFactory.getLogger(TokenSecretDependent.class);

  private final RegistrationApiRef registrationApi;
  private final String ownerLabel;

  /** {@code ownerLabel} names the owner on its Secret and is what this dependent's informer selects by. */
  protected TokenSecretDependent(RegistrationApiRef registrationApi, String ownerLabel) {
    super(Secret.class);
    this.registrationApi = registrationApi;
    this.ownerLabel = ownerLabel;
  }

  /** The Secret's name. */
  protected abstract String secretName(P owner);

  /** The token the Secret should hold, given the one it holds now. */
  protected abstract SignedToken token(P owner, Optional<String> issued, Context<P> context);

  /** Labels besides managed-by and the owner label. */
  protected Map<String, String> extraLabels(P owner) {
    return Map.of();
  }

  /** Creates or updates the Secret as needed and tells which token it holds now. */
  public SignedToken reconcileToken(P owner, Context<P> context) {
    reconcile(owner, context);
    return context.managedWorkflowAndDependentResourceContext().getMandatory(this, SignedToken.class);
  }

  /** Deletes the owner's Secret if the owner owns it, rather than wait for the garbage collector. */
  public void delete(P owner, Context<P> context) {
    String uid = owner.getMetadata().getUid();
    getSecondaryResource(owner, context)
        .filter(s -> s.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
        .ifPresent(s -> context.getClient().secrets().inNamespace(s.getMetadata().getNamespace())
            .withName(s.getMetadata().getName()).delete());
  }

  @Override
  protected final Secret desired(P owner, Context<P> context) {
    Optional<String> issued = getSecondaryResource(owner, context).flatMap(TokenSecrets::tokenOf);
    SignedToken token = token(owner, issued, context);
    // JOSDK computes the desired Secret once per reconcile; the reconciler reads the decision from there.
    context.managedWorkflowAndDependentResourceContext().put(this, token);
    if (token.fresh()) {
      log.info("namespace={} kind={} name={} secret={} token signed kid={} expiresAt={}", owner.getMetadata().getNamespace(),
          owner.getKind(), owner.getMetadata().getName(), secretName(owner), token.kid(), token.expiresAt());
    }
    Map<String, String> labels = new HashMap<>(extraLabels(owner));
    labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
    labels.put(ownerLabel, owner.getMetadata().getName());
    return TokenSecrets.build(owner.getMetadata().getNamespace(), secretName(owner), labels, token.text(), registrationApi);
  }

  @Override
  protected final ResourceID targetSecondaryResourceID(P owner, Context<P> context) {
    return new ResourceID(secretName(owner), owner.getMetadata().getNamespace());
  }

  /** Watch only these token Secrets: the operator has no business caching every Secret of the cluster. */
  @Override
  protected final InformerEventSourceConfiguration.Builder<Secret> informerConfigurationBuilder(EventSourceContext<P> context) {
    return super.informerConfigurationBuilder(context).withLabelSelector(Labels.MANAGED_BY + "=" + Labels.OPERATOR + "," + ownerLabel);
  }
}
