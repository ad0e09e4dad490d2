package io.cvlan.operator.status;

import io.cvlan.api.v1alpha1.ConditionedStatus;
import io.cvlan.kube.NamespaceTermination;
import io.cvlan.model.Conditions;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every reconciler of this operator does alike: build its status as a value ({@link #nextStatus}),
 * turn a failed reconcile into Reconciled=False with reason ReconcileError (never a silent retry) while Ready
 * keeps its verdict, and on deletion release what the resource holds before letting it go.
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

  /**
   * Reconciles, except in a namespace being deleted: there the API server refuses every create (403 "is being
   * terminated") while the namespace controller deletes everything — re-creating peer ConfigMaps, claims,
   * keys or Events would only be refused again, so the refusal ends the reconcile quietly, with no error
   * status, no stack trace and no retry. Deletions (the finalizers' releases) are still allowed there.
   */
  @Override
  public final UpdateControl<R> reconcile(R resource, Context<R> context) throws Exception {
    try {
      return reconcileResource(resource, context);
    } catch (Exception e) {
      if (!NamespaceTermination.refused(e)) {
        throw e;
      }
      log.info("namespace={} kind={} name={} nothing to do: the namespace is being terminated",
          resource.getMetadata().getNamespace(), resource.getKind(), resource.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
  }

  /** The reconcile proper. */
  protected abstract UpdateControl<R> reconcileResource(R resource, Context<R> context) throws Exception;

  /** For what is an Event without a condition, such as an ephemeral node deleted. */
  protected final EventRecorder events() {
    return recorder;
  }

  /**
   * A failed reconcile is news about the reconcile, not about the resource: the API server timed out, a
   * connection dropped. So it goes into Reconciled (and a Warning Event) and Ready keeps its last verdict —
   * a CVLAN that was Ready stays Ready, and nothing that refers to it (its Nodes, their peers) is withdrawn
   * for an error that the next retry may not see. A resource with no verdict yet gets Ready=Unknown instead.
   * A reconcile cut short by the operator stopping records nothing at all.
   */
  @Override
  public final ErrorStatusUpdateControl<R> updateErrorStatus(R resource, Context<R> context, Exception e) {
    if (StopInterruption.causedByStop(e, context)) {
      log.info("namespace={} kind={} name={} reconcile interrupted by the operator stopping; nothing recorded",
          resource.getMetadata().getNamespace(), resource.getKind(), resource.getMetadata().getName());
      return ErrorStatusUpdateControl.noStatusUpdate();
    }
    String message = ErrorMessages.of(e);
    // No verdict yet: Ready=Unknown says why there is none, and is the one condition (and Event) to read.
    String condition = Conditions.present(resource.getStatus(), Conditions.READY) ? Conditions.RECONCILED : Conditions.READY;
    String status = condition.equals(Conditions.READY) ? Conditions.UNKNOWN : Conditions.FALSE;
    NextStatus<R, S> next = nextStatus(resource).set(new Observation(condition, status, Conditions.REASON_RECONCILE_ERROR, message));
    return ErrorStatusUpdateControl.patchStatus(next.finishFailed());
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
