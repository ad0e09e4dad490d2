package io.cvlan.registration.poll;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cvlan.api.v1alpha1.CVLAN;
import io.cvlan.registration.http.ApiException;
import io.cvlan.registration.cache.ResourceCache;
import io.cvlan.registration.http.RequestContext;
import io.cvlan.registration.protocol.DiscoverResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code GET /client/discover?tenant=<namespace>}: unauthenticated, so it tells only what a client needs to
 * pick a network (the server URL and the Ready CVLANs' names and CIDRs), and it is rate-limited per client
 * address. A namespace without Ready CVLANs answers 404 whether it exists or not: no probing for tenants.
 */
public final class DiscoverService {
  public static final RequestAllowance.Rate DEFAULT_RATE = new RequestAllowance.Rate(10, 5);

  private final ResourceCache cache;
  private final String publicUrl;
  private final Clock clock;
  private final RequestAllowance.Rate rate;
  private final Cache<String, AtomicReference<RequestAllowance>> buckets = Caffeine.newBuilder()
      .expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();

  DiscoverService(ResourceCache cache, String publicUrl, Clock clock, RequestAllowance.Rate rate) {
    this.cache = cache;
    this.publicUrl = publicUrl;
    this.clock = clock;
    this.rate = rate;
  }

  public CompletionStage<DiscoverResponse> discover(Void body, RequestContext context) {
    admit(context.remoteAddress());
    String tenant = context.queryParam("tenant").map(String::trim).filter(t -> !t.isEmpty())
        .orElseThrow(() -> ApiException.malformed("query parameter tenant is required: /client/discover?tenant=<namespace>"));
    List<DiscoverResponse.CvlanSummary> cvlans = cache.cvlans(tenant).stream().filter(DiscoverService::ready)
        .sorted(Comparator.comparing(c -> c.getMetadata().getName()))
        .map(c -> new DiscoverResponse.CvlanSummary(c.getMetadata().getName(), c.getSpec().getCidr(), c.getSpec().getIpv6Cidr()))
        .toList();
    if (cvlans.isEmpty()) {
      throw new ApiException(404, "unknown_tenant", "no network to join in tenant " + tenant + "; ask its administrator");
    }
    return CompletableFuture.completedFuture(new DiscoverResponse(tenant, publicUrl, cvlans));
  }

  private void admit(String address) {
    AtomicReference<RequestAllowance> bucket = buckets.get(address, a -> new AtomicReference<>(RequestAllowance.full(rate, clock.instant())));
    RequestAllowance.Taken[] taken = new RequestAllowance.Taken[1];
    bucket.updateAndGet(b -> {
      taken[0] = b.take(rate, clock.instant());
      return taken[0].bucket();
    });
    if (!taken[0].allowed()) {
      throw new ApiException(429, "rate_limited", "too many discovery requests from this address; retry later",
          taken[0].retryAfter());
    }
  }

  private static boolean ready(CVLAN cvlan) {
    return cvlan.getStatus() != null && cvlan.getStatus().getConditions() != null && cvlan.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }
}
