package dev.orgalytics.ingest;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Metrics;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import dev.orgalytics.OccurredAtWindow;
import dev.orgalytics.OrgAnalytics;
import dev.orgalytics.capture.CaptureStats;
import dev.orgalytics.console.ConsoleAssets;
import dev.orgalytics.console.ConsoleClient;
import dev.orgalytics.capture.OrgAnalyticsEventListenerFactory;
import dev.orgalytics.metrics.UsageMetrics;
import dev.orgalytics.setup.RealmRoles;

/**
 * Serves {@code /realms/{realm}/org-analytics} (actions and the Org Analytics page) and creates the
 * page's client in every realm. Option
 * {@code --spi-realm-restapi-extension-org-analytics-max-age-days} (default 7): how old an
 * {@code occurredAt} may be; {@code quota-*}: the endpoint's rate limits ({@link Quotas});
 * {@code catalog-max-names}: the open catalog's cap ({@link ActionCatalog}).
 */
public class ActionResourceProviderFactory implements RealmResourceProviderFactory {

    private Duration maxAge;
    private ConsoleAssets console;
    private Quotas quotas;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        ActionResource resource = new ActionResource(session, maxAge, console, quotas);
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return resource;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
        maxAge = OccurredAtWindow.maxAge(config);
        console = ConsoleAssets.fromClassLoader(getClass().getClassLoader());
        quotas = new Quotas(Quotas.Settings.read((name, dflt) -> config.getLong(name, dflt)), System::nanoTime);
        int maxNames = config.getInt("catalog-max-names", ActionCatalog.DEFAULT_MAX_NAMES);
        if (maxNames < 1) {
            throw new IllegalArgumentException("org-analytics: catalog-max-names must be positive, was " + maxNames);
        }
        CatalogCache.configure(maxNames);
        // Keycloak's own switch (build option --metrics-enabled); the registry is the one it serves at :9000/metrics.
        if (config.root().getBoolean("metrics-enabled", false)) {
            int maxLabelValues = config.getInt("metrics-max-label-values", UsageMetrics.DEFAULT_MAX_LABEL_VALUES);
            if (maxLabelValues < 1) {
                throw new IllegalArgumentException("org-analytics: metrics-max-label-values must be positive, was " + maxLabelValues);
            }
            CaptureStats capture = OrgAnalyticsEventListenerFactory.stats();
            UsageMetrics.enable(Metrics.globalRegistry, maxLabelValues, capture.failed, capture.dropped);
        }
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        RealmRoles.install(factory);
        ConsoleClient.install(factory);
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        ProviderConfigurationBuilder options = ProviderConfigurationBuilder.create();
        Quotas.Settings.DEFAULTS.forEach((name, dflt) -> options.property().name(name).type("long").defaultValue(dflt)
                .helpText("Action endpoint quota per node (0 = no limit); see the README.").add());
        return options
                .property().name(OccurredAtWindow.MAX_AGE_OPTION).type("int").defaultValue(OccurredAtWindow.DEFAULT_MAX_AGE_DAYS)
                .helpText("Oldest occurredAt accepted, in days before the time received.").add()
                .property().name("metrics-max-label-values").type("int").defaultValue(UsageMetrics.DEFAULT_MAX_LABEL_VALUES)
                .helpText("With --metrics-enabled: action names and client ids counted by name per realm; the rest count as 'other'.").add()
                .property().name("catalog-max-names").type("int").defaultValue(ActionCatalog.DEFAULT_MAX_NAMES)
                .helpText("Distinct action names a realm in open catalog mode accepts; also the most names reports list.").add()
                .build();
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return OrgAnalytics.PROVIDER_ID;
    }
}
