package io.cvlan.registration.http;

import java.util.concurrent.CompletionStage;

/**
 * One endpoint's logic. It runs on a worker thread (it may call the Kubernetes API); a long-poll returns a
 * stage completed later, so no thread waits with it. Throwing (or completing with) {@link ApiException}
 * answers with that error.
 */
@FunctionalInterface
public interface ApiHandler<T> {
  CompletionStage<?> handle(T body, RequestContext context) throws Exception;
}
