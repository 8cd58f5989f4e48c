package dev.orgalytics.capture;

import java.util.List;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import dev.orgalytics.OrgAnalytics;

/**
 * The {@code org-analytics} event listener. Enabled per realm (Realm settings, Events, Event
 * listeners) or, with {@code --spi-events-listener-org-analytics-all-realms=true}, for every realm.
 *
 * <p>{@code session-activity} (default true): token refreshes and code exchanges make their user
 * active in that quarter hour (not a login); false counts only logins and actions as activity.
 *
 * <p>Other options: {@code queue-capacity} (default {@value #DEFAULT_QUEUE_CAPACITY} events),
 * {@code batch-size} ({@value #DEFAULT_BATCH_SIZE}), {@code flush-interval-millis}
 * ({@value #DEFAULT_FLUSH_INTERVAL_MILLIS}).
 */
public class OrgAnalyticsEventListenerFactory implements EventListenerProviderFactory {

    private static final CaptureStats stats = new CaptureStats();

    private static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    private static final int DEFAULT_BATCH_SIZE = 500;
    private static final int DEFAULT_FLUSH_INTERVAL_MILLIS = 1000;
    /** How long stopping waits for the queue to be stored. */
    private static final long DRAIN_TIMEOUT_MILLIS = 10_000;
    /** Users remembered active per quarter hour and node; past this their refreshes are all written. */
    private static final int SESSION_MARKS_CAPACITY = 200_000;

    private boolean allRealms;
    private int queueCapacity;
    private int batchSize;
    private long flushIntervalMillis;
    private SessionActivityMarks sessionMarks;
    private LoginWriter writer;

    /** The capture counters of this Keycloak node. */
    public static CaptureStats stats() {
        return stats;
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new OrgAnalyticsEventListener(session, writer, stats, sessionMarks);
    }

    @Override
    public void init(Config.Scope config) {
        allRealms = config.getBoolean("all-realms", false);
        queueCapacity = Math.max(1, config.getInt("queue-capacity", DEFAULT_QUEUE_CAPACITY));
        batchSize = Math.max(1, config.getInt("batch-size", DEFAULT_BATCH_SIZE));
        flushIntervalMillis = Math.max(10, config.getLong("flush-interval-millis", (long) DEFAULT_FLUSH_INTERVAL_MILLIS));
        sessionMarks = config.getBoolean("session-activity", true) ? new SessionActivityMarks(SESSION_MARKS_CAPACITY) : null;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        writer = new LoginWriter(factory, queueCapacity, batchSize, flushIntervalMillis, stats);
        writer.start();
        // Drain when shutdown begins: Keycloak closes provider factories in no set order, and the
        // database one is often closed before close() below runs, so the queue could not be stored
        // any more (seen in ClusterIT). Shutdown hooks start with the SIGTERM, while Quarkus and
        // Keycloak are still tearing down their other services.
        LoginWriter started = writer;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.close(DRAIN_TIMEOUT_MILLIS), "org-analytics-drain"));
    }

    @Override
    public boolean isGlobal() {
        return allRealms;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("all-realms").type("boolean").defaultValue(false)
                .helpText("Capture every realm without enabling the listener per realm.").add()
                .property().name("session-activity").type("boolean").defaultValue(true)
                .helpText("Token refreshes and code exchanges make their user active in that quarter hour (not a login).").add()
                .property().name("queue-capacity").type("int").defaultValue(DEFAULT_QUEUE_CAPACITY)
                .helpText("Captured events waiting to be stored; past this they are dropped and counted.").add()
                .property().name("batch-size").type("int").defaultValue(DEFAULT_BATCH_SIZE)
                .helpText("Events stored per transaction.").add()
                .property().name("flush-interval-millis").type("int").defaultValue(DEFAULT_FLUSH_INTERVAL_MILLIS)
                .helpText("Longest wait before a partial batch is stored.").add()
                .build();
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close(DRAIN_TIMEOUT_MILLIS);
        }
    }

    @Override
    public String getId() {
        return OrgAnalytics.PROVIDER_ID;
    }
}
