package io.cvlan.operator.status;

import io.cvlan.api.v1alpha1.ConditionedStatus;
import io.cvlan.model.Conditions;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every reconciler of this operator does alike: build its status as a value ({@link #nextStatus}),
 * turn a failed reconcile into Ready=Unknown with reason ReconcileError (never a silent retry), and on
 * deletion release what the resource holds before letting it go.
 */
public abstract class StatusReconciler<R extends CustomResource<?, S>, S extends ConditionedStatus>
    implements Reconciler<R>, Cleaner<R> {
  private static final Logger log = LoggerFactory.getLogger(StatusReconciler.class);
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private final StatusFactory statuses;
  private final EventRecorder recorder;
  private final StatusEvents events;
  private final Supplier<S> emptyStatus;

  protected StatusReconciler(StatusFactory statuses, EventRecorder events, Supplier<S> emptyStatus) {
    this(statuses, events, emptyStatus, ConditionEvents.FirstReady.ANNOUNCED);
  }

  protected StatusReconciler(StatusFactory statuses, EventRecorder events, Supplier<S> emptyStatus,
      ConditionEvents.FirstReady firstReady) {
    this.statuses = statuses;
    this.recorder = events;
    this.events = new StatusEvents(events, firstReady);
    this.emptyStatus = emptyStatus;
  }

  /**
   * A new status for {@code resource}. Its facts start as a copy of the last ones: without server-side
   * apply a status patch is the diff of the whole status against the cached copy, so a field left out is a
   * field removed — including those the registration API writes (lastSeen, publicKey), and those a
   * reconcile that stops early (waiting for its CVLAN) did not look at.
   */
  protected final NextStatus<R, S> nextStatus(R resource) {
    S previous = resource.getStatus();
    return previous == null
        ? new NextStatus<>(resource, emptyStatus.get(), emptyStatus.get(), statuses, events)
        : new NextStatus<>(resource, previous, SERIALIZATION.clone(previous), statuses, events);
  }

  /** For what is an Event without a condition, such as an ephemeral node deleted. */
  protected final EventRecorder events() {
    return recorder;
  }

  @Override
  public final ErrorStatusUpdateControl<R> updateErrorStatus(R resource, Context<R> context, Exception e) {
    NextStatus<R, S> next = nextStatus(resource)
        .set(new Observation(Conditions.READY, Conditions.UNKNOWN, Conditions.REASON_RECONCILE_ERROR, ErrorMessages.of(e)));
    return ErrorStatusUpdateControl.patchStatus(next.finish());
  }

  /**
   * Releases what the resource holds, then lets it go. Owned objects are deleted explicitly: the API
   * server's garbage collector would, but need not be waited for, and the test API server has none.
   */
  @Override
  public final DeleteControl cleanup(R resource, Context<R> context) {
    release(resource, context);
    log.info("namespace={} kind={} name={} released", resource.getMetadata().getNamespace(), resource.getKind(),
        resource.getMetadata().getName());
    return DeleteControl.defaultDelete();
  }

  /** Gives back what {@code resource} holds: addresses, certificates, Secrets, peers. */
  protected abstract void release(R resource, Context<R> context);
}
