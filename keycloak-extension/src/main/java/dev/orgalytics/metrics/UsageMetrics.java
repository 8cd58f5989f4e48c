package dev.orgalytics.metrics;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

import org.keycloak.Config;

/**
 * The extension's counters on Keycloak's Micrometer registry, which Keycloak serves at
 * {@code :9000/metrics} when it runs with {@code --metrics-enabled=true}; nothing of our own is
 * exposed. Counters are per node and start at zero on restart (dashboards sum and rate them); the
 * database-backed totals come from the metrics-exporter instead. Callers increment only after the
 * data they count was committed.
 *
 * <p>Prometheus names: {@code org_analytics_logins_total{realm,outcome}},
 * {@code org_analytics_actions_total{realm,action}}, {@code org_analytics_client_actions_total{realm,client}},
 * {@code org_analytics_capture_failures_total{reason}}.
 */
public final class UsageMetrics {

    /** Action names and client ids counted under their own name per realm; the rest count as "other". */
    public static final String MAX_LABEL_VALUES_OPTION = "metrics-max-label-values";
    public static final int DEFAULT_MAX_LABEL_VALUES = 100;

    /** Counts nothing: what every caller gets while metrics are disabled. */
    private static final UsageMetrics DISABLED = new UsageMetrics(null, 0);
    private static volatile UsageMetrics current = DISABLED;

    private final MeterRegistry registry;
    private final LabelCap actionNames;
    private final LabelCap clients;

    private UsageMetrics(MeterRegistry registry, int maxLabelValues) {
        this.registry = registry;
        this.actionNames = new LabelCap(maxLabelValues);
        this.clients = new LabelCap(maxLabelValues);
    }

    /** The counters of this node (a no-op instance unless {@link #enable} was called). */
    public static UsageMetrics get() {
        return current;
    }

    /**
     * Starts counting on {@code registry} when Keycloak runs with its own switch
     * {@code --metrics-enabled} (then {@code registry} is the one it serves at {@code :9000/metrics}),
     * with the label cap {@value #MAX_LABEL_VALUES_OPTION} from {@code options}.
     */
    public static void enableIfConfigured(MeterRegistry registry, Config.Scope options, AtomicLong failed, AtomicLong dropped) {
        if (!options.root().getBoolean("metrics-enabled", false)) {
            return;
        }
        int maxLabelValues = options.getInt(MAX_LABEL_VALUES_OPTION, DEFAULT_MAX_LABEL_VALUES);
        if (maxLabelValues < 1) {
            throw new IllegalArgumentException("org-analytics: " + MAX_LABEL_VALUES_OPTION + " must be positive, was " + maxLabelValues);
        }
        enable(registry, maxLabelValues, failed, dropped);
    }

    /**
     * Starts counting on {@code registry}. {@code failed} and {@code dropped} are the capture path's
     * own tallies, published as they are rather than counted twice.
     */
    private static synchronized void enable(MeterRegistry registry, int maxLabelValues, AtomicLong failed, AtomicLong dropped) {
        if (current.registry == registry) {
            return;
        }
        FunctionCounter.builder("org_analytics.capture.failures", failed, AtomicLong::get)
                .description("Captured login events that could not be stored (after retries)")
                .tag("reason", "store_failed").register(registry);
        FunctionCounter.builder("org_analytics.capture.failures", dropped, AtomicLong::get)
                .description("Captured login events that could not be stored (after retries)")
                .tag("reason", "queue_full").register(registry);
        current = new UsageMetrics(registry, maxLabelValues);
    }

    public boolean enabled() {
        return registry != null;
    }

    /** One login (LOGIN or LOGIN_ERROR) whose transaction committed. */
    public void login(String realm, boolean success) {
        if (registry == null) {
            return;
        }
        Counter.builder("org_analytics.logins")
                .description("Logins captured by Org Analytics, by realm and outcome")
                .tag("realm", realm).tag("outcome", success ? "success" : "failure")
                .register(registry).increment();
    }

    /** Actions stored by one ingestion request: counts per action name, all from one client. */
    public void actions(String realm, String clientId, Map<String, Long> countsByAction) {
        if (registry == null || countsByAction.isEmpty()) {
            return;
        }
        long total = 0;
        for (Map.Entry<String, Long> e : countsByAction.entrySet()) {
            Counter.builder("org_analytics.actions")
                    .description("User actions recorded through the Org Analytics endpoint, by realm and action name")
                    .tag("realm", realm).tag("action", actionNames.label(realm, e.getKey()))
                    .register(registry).increment(e.getValue());
            total += e.getValue();
        }
        Counter.builder("org_analytics.client.actions")
                .description("User actions recorded through the Org Analytics endpoint, by realm and recording client")
                .tag("realm", realm).tag("client", clients.label(realm, clientId))
                .register(registry).increment(total);
    }
}
