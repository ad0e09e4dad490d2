package io.cvlan.operator.status;

import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;

/**
 * Whether a reconcile failed because the operator is stopping rather than because of anything about its
 * resource: JOSDK interrupts the reconciles still running when its graceful stop times out, and an HTTP call
 * cut short that way fails like any other. Such a failure must be recorded nowhere: a ReconcileError written
 * by a stopping leader is read by the next one as the resource's state (issue 12: one SIGTERM under load
 * withdrew 1,585 Nodes for minutes).
 */
final class StopInterruption {
  private StopInterruption() {}

  static boolean causedByStop(Throwable error, Context<?> context) {
    return Thread.currentThread().isInterrupted() || interruptedCause(error) || executorShutDown(context);
  }

  private static boolean interruptedCause(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      // A socket timeout is an InterruptedIOException too, but it is the network's failure, not a stop.
      if (cause instanceof InterruptedException
          || (cause instanceof InterruptedIOException && !(cause instanceof SocketTimeoutException))) {
        return true;
      }
    }
    return false;
  }

  /** Operator.stop shuts the reconcile executor down before it waits for the reconciles still running. */
  private static boolean executorShutDown(Context<?> context) {
    if (context == null || context.getControllerConfiguration() == null
        || context.getControllerConfiguration().getConfigurationService() == null) {
      return false;
    }
    var executors = context.getControllerConfiguration().getConfigurationService().getExecutorServiceManager();
    return executors != null && executors.reconcileExecutorService() != null && executors.reconcileExecutorService().isShutdown();
  }
}
