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
 * <p>Other options: {@code queue-capacity} (default 10000 events), {@code batch-size} (500),
 * {@code flush-interval-millis} (1000).
 */
public class OrgAnalyticsEventListenerFactory implements EventListenerProviderFactory {

    private static final CaptureStats stats = new CaptureStats();

    private boolean allRealms;
    private int queueCapacity;
    private int batchSize;
    private long flushIntervalMillis;
    private LoginWriter writer;

    /** The capture counters of this Keycloak node. */
    public static CaptureStats stats() {
        return stats;
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new OrgAnalyticsEventListener(session, writer, stats);
    }

    @Override
    public void init(Config.Scope config) {
        allRealms = config.getBoolean("all-realms", false);
        queueCapacity = Math.max(1, config.getInt("queue-capacity", 10_000));
        batchSize = Math.max(1, config.getInt("batch-size", 500));
        flushIntervalMillis = Math.max(10, config.getLong("flush-interval-millis", 1000L));
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
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.close(10_000), "org-analytics-drain"));
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
                .property().name("queue-capacity").type("int").defaultValue(10_000)
                .helpText("Captured events waiting to be stored; past this they are dropped and counted.").add()
                .property().name("batch-size").type("int").defaultValue(500)
                .helpText("Events stored per transaction.").add()
                .property().name("flush-interval-millis").type("int").defaultValue(1000)
                .helpText("Longest wait before a partial batch is stored.").add()
                .build();
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close(10_000);
        }
    }

    @Override
    public String getId() {
        return OrgAnalytics.PROVIDER_ID;
    }
}
