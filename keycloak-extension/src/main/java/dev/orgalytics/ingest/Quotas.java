package dev.orgalytics.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.ToLongBiFunction;

import dev.orgalytics.ingest.TokenBucket.Limit;

/**
 * Rate limits of the action endpoint, per node: requests and actions per token subject (users and,
 * with higher limits, recorder service accounts) and per realm. A request is charged one request
 * before its body is read and its number of actions once parsed. A request a quota refuses costs
 * its caller that one request and nothing more; actions refused after they were charged (an unknown
 * user, a name the catalog refuses) stay charged, so probing with made-up names is limited too.
 */
public final class Quotas {

    /** Buckets of callers idle long enough to be full are forgotten at least this often. */
    private static final long SWEEP_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Every option, its default, and what it limits. Defaults: see the README's configuration table. */
    public record Settings(Limit userRequests, Limit userActions, Limit recorderRequests, Limit recorderActions,
                           Limit realmRequests, Limit realmActions, int maxTrackedCallers,
                           long refusalDelayMillis, int maxDelayedRefusals) {

        public static final Map<String, Long> DEFAULTS = defaults();

        private static Map<String, Long> defaults() {
            Map<String, Long> d = new LinkedHashMap<>();
            // A person in a browser app records a few actions a minute; 600 a minute with a burst of
            // 1000 is never met by one, yet a scripted flood (hundreds a second) is cut off within
            // two seconds and then held to 10 a second.
            d.put("quota-user-requests-per-minute", 300L);
            d.put("quota-user-request-burst", 100L);
            d.put("quota-user-actions-per-minute", 600L);
            d.put("quota-user-action-burst", 1000L);
            // Backends record for many users: a hundred times one person.
            d.put("quota-recorder-requests-per-minute", 6_000L);
            d.put("quota-recorder-request-burst", 1_000L);
            d.put("quota-recorder-actions-per-minute", 60_000L);
            d.put("quota-recorder-action-burst", 20_000L);
            // Everything one realm sends to one node: a ceiling for a tenant, above what a node stores.
            d.put("quota-realm-requests-per-minute", 60_000L);
            d.put("quota-realm-request-burst", 10_000L);
            d.put("quota-realm-actions-per-minute", 600_000L);
            d.put("quota-realm-action-burst", 100_000L);
            d.put("quota-max-tracked-callers", 100_000L);
            // A refusal answered at once invites the next request at once (see RefusalDelay).
            d.put("quota-refusal-delay-millis", 1_000L);
            d.put("quota-max-delayed-refusals", 16L);
            return Collections.unmodifiableMap(d);
        }

        /** Reads every option through {@code option(name, default)}; a bad value names every problem at once. */
        public static Settings read(ToLongBiFunction<String, Long> option) {
            Map<String, Long> v = new LinkedHashMap<>();
            DEFAULTS.forEach((name, dflt) -> v.put(name, option.applyAsLong(name, dflt)));
            List<String> problems = new ArrayList<>();
            v.forEach((name, value) -> {
                if (value < 0) problems.add(name + " must not be negative, was " + value);
            });
            for (String who : List.of("user", "recorder", "realm")) {
                long rate = v.get("quota-" + who + "-actions-per-minute");
                long burst = v.get("quota-" + who + "-action-burst");
                if (rate > 0 && burst < ActionRequest.MAX_ACTIONS) {
                    problems.add("quota-" + who + "-action-burst must be at least " + ActionRequest.MAX_ACTIONS
                            + " (one full batch) when its rate is limited, was " + burst);
                }
                if (v.get("quota-" + who + "-requests-per-minute") > 0 && v.get("quota-" + who + "-request-burst") < 1) {
                    problems.add("quota-" + who + "-request-burst must be at least 1 when its rate is limited");
                }
            }
            if (v.get("quota-max-tracked-callers") < 1) {
                problems.add("quota-max-tracked-callers must be positive");
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("org-analytics: " + String.join("; ", problems));
            }
            return new Settings(limit(v, "user-requests", "user-request"), limit(v, "user-actions", "user-action"),
                    limit(v, "recorder-requests", "recorder-request"), limit(v, "recorder-actions", "recorder-action"),
                    limit(v, "realm-requests", "realm-request"), limit(v, "realm-actions", "realm-action"),
                    (int) Math.min(Integer.MAX_VALUE, v.get("quota-max-tracked-callers")),
                    v.get("quota-refusal-delay-millis"), (int) Math.min(Integer.MAX_VALUE, v.get("quota-max-delayed-refusals")));
        }

        private static Limit limit(Map<String, Long> v, String rate, String burst) {
            return new Limit(v.get("quota-" + rate + "-per-minute"), v.get("quota-" + burst + "-burst"));
        }
    }

    /** Why a request was refused and when to come back (whole seconds, at least 1). */
    public record Refusal(long retryAfterSeconds, String message) {
    }

    private final KeyedBuckets userRequests, userActions, recorderRequests, recorderActions, realmRequests, realmActions;
    private final RefusalDelay refusalDelay;

    public Quotas(Settings s, LongSupplier nanoClock) {
        userRequests = new KeyedBuckets(s.userRequests(), s.maxTrackedCallers(), SWEEP_NANOS, nanoClock);
        userActions = new KeyedBuckets(s.userActions(), s.maxTrackedCallers(), SWEEP_NANOS, nanoClock);
        recorderRequests = new KeyedBuckets(s.recorderRequests(), s.maxTrackedCallers(), SWEEP_NANOS, nanoClock);
        recorderActions = new KeyedBuckets(s.recorderActions(), s.maxTrackedCallers(), SWEEP_NANOS, nanoClock);
        realmRequests = new KeyedBuckets(s.realmRequests(), s.maxTrackedCallers(), SWEEP_NANOS, nanoClock);
        realmActions = new KeyedBuckets(s.realmActions(), s.maxTrackedCallers(), SWEEP_NANOS, nanoClock);
        refusalDelay = new RefusalDelay(s.refusalDelayMillis(), s.maxDelayedRefusals(), Thread::sleep);
    }

    /** Waits before a refusal is answered, up to {@code quota-refusal-delay-millis}; returns the milliseconds waited. */
    public long holdBack(Refusal refusal) {
        return refusalDelay.hold(refusal.retryAfterSeconds());
    }

    /** Charges one request; null when allowed. */
    public Refusal request(String realmId, String subject, boolean recorder) {
        return take(recorder ? recorderRequests : userRequests, realmRequests, realmId, subject, 1, "requests");
    }

    /** Charges {@code count} actions of a parsed request; null when allowed. */
    public Refusal actions(String realmId, String subject, boolean recorder, int count) {
        return take(recorder ? recorderActions : userActions, realmActions, realmId, subject, count, "actions");
    }

    private static Refusal take(KeyedBuckets callers, KeyedBuckets realms, String realmId, String subject, long n, String what) {
        String callerKey = realmId + '/' + subject;
        long wait = callers.tryTake(callerKey, n);
        if (wait > 0) {
            return refusal(wait, "Too many " + what + " from this caller (at most " + callers.limit() + ")");
        }
        wait = realms.tryTake(realmId, n);
        if (wait > 0) {
            callers.giveBack(callerKey, n);
            return refusal(wait, "Too many " + what + " in this realm (at most " + realms.limit() + " per node)");
        }
        return null;
    }

    private static Refusal refusal(long waitNanos, String message) {
        long seconds = waitNanos == Long.MAX_VALUE ? 60 : Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
        return new Refusal(seconds, message + "; retry after " + seconds + " s");
    }
}
