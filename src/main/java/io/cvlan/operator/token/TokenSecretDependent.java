package io.cvlan.operator.token;

import io.cvlan.api.v1alpha1.OwnerReferences;

import io.cvlan.api.v1alpha1.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.dependent.Matcher;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Secret an agent or vrouter mounts to join ({@link TokenSecrets}: `token`, `server`, `ca.crt`), owned by
 * the resource it belongs to. {@link #desired} keeps the token the Secret already holds while it still says
 * what the owner wants, so the desired Secret matches the actual one and reconciling again writes nothing.
 *
 * <p>The owner has one such Secret, the one it names now: it is found by that name, never as "the" Secret
 * of the owner, and any other Secret the owner owns (one it named before) is deleted once the named one is
 * written — a token must not stay readable under a name the resource no longer gives.
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

  /**
   * Creates or updates the Secret the owner names, deletes any other it owns, and tells which token the
   * named one holds now.
   */
  public SignedToken reconcileToken(P owner, Context<P> context) {
    reconcile(owner, context);
    SignedToken token = context.managedWorkflowAndDependentResourceContext().getMandatory(this, SignedToken.class);
    owned(owner).stream().filter(s -> !isNamed(s, owner)).forEach(s -> deleteSecret(s, owner, context, "no longer named by its owner"));
    return token;
  }

  /**
   * The token issued for the owner: the one in the Secret it names or, when that one is not written yet, the
   * one in a Secret it named before (a renamed Secret carries its token over instead of another being minted).
   */
  public Optional<String> issuedToken(P owner, Context<P> context) {
    Optional<String> named = getSecondaryResource(owner, context).flatMap(TokenSecrets::tokenOf);
    if (named.isPresent()) {
      return named;
    }
    return owned(owner).stream().filter(s -> !isNamed(s, owner))
        .max(Comparator.comparing(s -> s.getMetadata().getCreationTimestamp(), Comparator.nullsFirst(Comparator.naturalOrder())))
        .flatMap(TokenSecrets::tokenOf);
  }

  /** Deletes every Secret the owner owns, rather than wait for the garbage collector. */
  public void delete(P owner, Context<P> context) {
    owned(owner).forEach(s -> deleteSecret(s, owner, context, "its owner is deleted"));
  }

  /**
   * The owner, as the Secret's controller: `kubectl` and the garbage collector see who manages it, and
   * blockOwnerDeletion keeps a foreground deletion of the owner waiting until the Secret is gone.
   */
  static OwnerReference controllerReference(HasMetadata owner) {
    return OwnerReferences.controller(owner);
  }


  @Override
  protected final Secret desired(P owner, Context<P> context) {
    SignedToken token = token(owner, issuedToken(owner, context), context);
    // JOSDK computes the desired Secret once per reconcile; the reconciler reads the decision from there.
    context.managedWorkflowAndDependentResourceContext().put(this, token);
    if (token.fresh()) {
      log.info("namespace={} kind={} name={} secret={} token signed kid={} expiresAt={} origin={}", owner.getMetadata().getNamespace(),
          owner.getKind(), owner.getMetadata().getName(), secretName(owner), token.kid(), token.expiresAt(), token.origin());
    }
    Map<String, String> labels = new HashMap<>(extraLabels(owner));
    labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
    labels.put(ownerLabel, owner.getMetadata().getName());
    Secret secret = TokenSecrets.build(owner.getMetadata().getNamespace(), secretName(owner), labels, token.text(), registrationApi);
    secret.getMetadata().setOwnerReferences(List.of(controllerReference(owner)));
    return secret;
  }

  /** A Secret written before its owner reference said controller also differs from the desired one. */
  @Override
  public Matcher.Result<Secret> match(Secret actual, Secret desired, P owner, Context<P> context) {
    Matcher.Result<Secret> result = super.match(actual, desired, owner, context);
    boolean controlled = actual.getMetadata().getOwnerReferences().contains(controllerReference(owner));
    return result.matched() && !controlled ? Matcher.Result.computed(false, desired) : result;
  }

  /**
   * JOSDK's update carries the actual Secret's metadata over but for labels and annotations: the owner
   * reference the match found wanting is put in here.
   */
  @Override
  public Secret update(Secret actual, Secret desired, P owner, Context<P> context) {
    Secret controlled = new SecretBuilder(actual).editMetadata()
        .withOwnerReferences(desired.getMetadata().getOwnerReferences())
        .endMetadata().build();
    return super.update(controlled, desired, owner, context);
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

  /** The token Secrets in this dependent's cache that this owner (by uid) owns, whatever their name. */
  private List<Secret> owned(P owner) {
    String uid = owner.getMetadata().getUid();
    return eventSource().map(source -> source.getSecondaryResources(owner)).orElse(Set.of()).stream()
        .filter(s -> owner.getMetadata().getNamespace().equals(s.getMetadata().getNamespace()))
        .filter(s -> s.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid())))
        .toList();
  }

  private boolean isNamed(Secret secret, P owner) {
    return secretName(owner).equals(secret.getMetadata().getName());
  }

  private void deleteSecret(Secret secret, P owner, Context<P> context, String why) {
    log.info("namespace={} kind={} name={} secret={} deleted: {}", owner.getMetadata().getNamespace(), owner.getKind(),
        owner.getMetadata().getName(), secret.getMetadata().getName(), why);
    context.getClient().secrets().inNamespace(secret.getMetadata().getNamespace()).withName(secret.getMetadata().getName()).delete();
  }
}
