package dev.orgalytics.exporter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orgalytics.exporter.config.ExporterConfig;
import dev.orgalytics.exporter.keycloak.AdminApiClient;
import dev.orgalytics.exporter.refresh.FailureSummary;
import dev.orgalytics.exporter.refresh.RealmFetcher;
import dev.orgalytics.exporter.snapshot.Freshness;
import dev.orgalytics.exporter.snapshot.OrganizationUsage;
import dev.orgalytics.exporter.snapshot.Periods;
import dev.orgalytics.exporter.snapshot.RealmUsage;
import dev.orgalytics.exporter.snapshot.UsageSnapshot;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * Refreshes the realms' usage from the admin API on a schedule and serves the last snapshot: a
 * scrape never calls Keycloak, so it costs the same whatever the event volume, and the numbers come
 * from the shared database, so several Keycloak nodes are never counted twice.
 *
 * <p>Realms are fetched concurrently ({@link RealmFetcher}). A realm whose refresh fails keeps its
 * previous values (a dashboard should not go blank because one call timed out); the failure shows in
 * {@code org_analytics_exporter_realm_refresh_success} and the health series, and the realm
 * disappears only when it is no longer listed (deleted, or access withdrawn).
 */
public final class Exporter implements MultiCollector, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Exporter.class.getName());

    private final ExporterConfig config;
    private final AdminApiClient api;
    private final Clock clock;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter refreshes;
    private final Counter refreshErrors;
    private final RealmFetcher<RealmUsage> fetcher;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "org-analytics-refresh");
        t.setDaemon(true);
        return t;
    });

    /** Replaced whole after each refresh; scrapes read whichever is current. */
    private volatile State state;

    /** {@code failures}: realms whose last fetch failed (kept at their previous values when they had any). */
    private record State(Map<String, RealmUsage> realms, Map<String, String> failures, List<MetricSnapshot> families,
                         Freshness freshness, double lastDurationSeconds, String lastError) {
    }

    public Exporter(ExporterConfig config, AdminApiClient api, Clock clock) {
        this.config = config;
        this.api = api;
        this.clock = clock;
        this.fetcher = new RealmFetcher<>(config.concurrency());
        this.state = new State(Map.of(), Map.of(), UsageSnapshot.families(List.of(), config.maxActionNames()),
                new Freshness(null, false, config.refreshInterval()), Double.NaN, "no refresh yet");
        this.refreshes = Counter.builder().name("org_analytics_exporter_refreshes_total")
                .help("Refreshes of the snapshot attempted").register(registry);
        this.refreshErrors = Counter.builder().name("org_analytics_exporter_refresh_errors_total")
                .help("Refreshes that failed, wholly or for at least one realm").register(registry);
        registry.register(this);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Refreshes now, then every interval (fixed delay: a slow Keycloak is never asked twice at once). */
    public void start() {
        scheduler.scheduleWithFixedDelay(this::refreshSafely, 0, config.refreshInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Null when the last refresh succeeded, else why it did not. */
    public String lastError() {
        return state.lastError();
    }

    public boolean stale() {
        return state.freshness().stale(clock.instant());
    }

    void refreshSafely() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // The scheduler drops a task that throws: never let one bad answer end the refreshes.
            LOG.log(Level.WARNING, "refresh failed", e);
        }
    }

    /** One refresh of every realm, {@code config.concurrency()} realms at a time. */
    public void refresh() {
        long started = System.nanoTime();
        refreshes.inc();
        State previous = state;
        List<String> names;
        try {
            names = config.realms().isEmpty() ? api.realms() : config.realms();
        } catch (AdminApiClient.AdminApiException e) {
            // Without the list nothing is known about any realm: serve the previous snapshot, marked stale.
            finish(started, previous, previous.realms(), previous.failures(), e.getMessage());
            return;
        }
        try {
            RealmFetcher.Outcome<RealmUsage> outcome = fetcher.fetchAll(names, previous.realms(), this::fetch, deadline());
            finish(started, previous, outcome.values(), outcome.failures(), FailureSummary.of(outcome.failures(), names.size()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: leave the served snapshot as it is
        }
    }

    /**
     * How long one refresh may wait for its realms: the refresh interval, so a refresh never runs
     * into the next, but never less than one request's timeout, so a short test interval does not cut
     * a slow first answer.
     */
    private Duration deadline() {
        return config.refreshInterval().compareTo(AdminApiClient.TIMEOUT) > 0 ? config.refreshInterval() : AdminApiClient.TIMEOUT;
    }

    private void finish(long started, State previous, Map<String, RealmUsage> realms, Map<String, String> failures, String error) {
        double seconds = (System.nanoTime() - started) / 1e9;
        boolean ok = error == null;
        if (!ok) {
            refreshErrors.inc();
            LOG.warning("refresh failed: " + error);
        }
        Instant lastSuccess = ok ? clock.instant() : previous.freshness().lastSuccess();
        state = new State(realms, failures, UsageSnapshot.families(realms.values(), config.maxActionNames()),
                new Freshness(lastSuccess, ok, config.refreshInterval()), seconds, error);
    }

    private RealmUsage fetch(String realm) throws AdminApiClient.AdminApiException {
        Map<String, JsonNode> summaries = new LinkedHashMap<>();
        for (Periods.Range p : Periods.soFar(clock.instant(), config.timeZone())) {
            summaries.put(p.period(), api.summary(realm, p.from(), p.to(), config.timeZone()));
        }
        Map<String, JsonNode> boards = new LinkedHashMap<>();
        for (String period : Periods.LEADERBOARD) {
            boards.put(period, api.leaderboard(realm, period, config.leaderboardSize(), config.timeZone()));
        }
        OrganizationUsage organizations = null;
        if (config.maxOrganizations() > 0) {
            Periods.Range window = Periods.thirtyDays(clock.instant(), config.timeZone());
            organizations = OrganizationUsage.fromApi(api.organizations(realm, window.from(), window.to(), config.timeZone()),
                    config.maxOrganizations());
        }
        return RealmUsage.fromApi(realm, summaries, boards, organizations);
    }

    @Override
    public MetricSnapshots collect() {
        State s = state;
        Instant now = clock.instant();
        List<MetricSnapshot> out = new ArrayList<>(s.families());
        out.add(gauge("org_analytics_exporter_last_refresh_success",
                "1 if the last refresh of every realm succeeded, else 0", s.freshness().lastRefreshSucceeded() ? 1 : 0));
        out.add(gauge("org_analytics_exporter_stale",
                "1 when the served snapshot is older than two refresh intervals or the last refresh failed",
                s.freshness().stale(now) ? 1 : 0));
        out.add(gauge("org_analytics_exporter_refresh_duration_seconds", "Duration of the last refresh", s.lastDurationSeconds()));
        out.add(gauge("org_analytics_exporter_realms", "Realms in the served snapshot", s.realms().size()));
        out.add(realmStatus(s));
        if (s.freshness().lastSuccess() != null) {
            out.add(gauge("org_analytics_exporter_last_success_timestamp_seconds", "Unix time of the last successful refresh",
                    s.freshness().lastSuccess().toEpochMilli() / 1000.0));
            out.add(gauge("org_analytics_exporter_snapshot_age_seconds",
                    "Age of the served snapshot (seconds since the last successful refresh)", s.freshness().ageSeconds(now)));
        }
        return new MetricSnapshots(out);
    }

    /** Per realm listed: 1 when its last fetch succeeded, 0 when it failed (its values are then the previous ones). */
    private static GaugeSnapshot realmStatus(State s) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name("org_analytics_exporter_realm_refresh_success")
                .help("Per realm: 1 if its last fetch succeeded, 0 if it failed (its series then keep their previous values)");
        Set<String> realms = new LinkedHashSet<>(s.realms().keySet());
        realms.addAll(s.failures().keySet());
        for (String realm : realms) {
            b.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("realm", realm))
                    .value(s.failures().containsKey(realm) ? 0 : 1).build());
        }
        return b.build();
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        fetcher.close();
    }
}
