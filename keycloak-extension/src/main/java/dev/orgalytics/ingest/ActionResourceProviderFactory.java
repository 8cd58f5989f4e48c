package dev.orgalytics.ingest;

import java.time.Duration;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import dev.orgalytics.OccurredAtWindow;
import dev.orgalytics.OrgAnalytics;
import dev.orgalytics.metrics.UsageMetrics;

/**
 * Mounts {@link ActionResource} at {@code /realms/{realm}/org-analytics}. Options
 * ({@code --spi-realm-restapi-extension-org-analytics-<name>}): {@code max-age-days}
 * ({@link OccurredAtWindow}), {@code quota-*}: the endpoint's rate limits ({@link Quotas}),
 * {@value #CATALOG_MAX_NAMES}: the open catalog's cap ({@link ActionCatalog}).
 */
public class ActionResourceProviderFactory implements RealmResourceProviderFactory {

    static final String CATALOG_MAX_NAMES = "catalog-max-names";

    private Duration maxAge;
    private Quotas quotas;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        ActionResource resource = new ActionResource(session, maxAge, quotas);
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
        quotas = new Quotas(Quotas.Settings.read((name, dflt) -> config.getLong(name, dflt)), System::nanoTime);
        int maxNames = config.getInt(CATALOG_MAX_NAMES, ActionCatalog.DEFAULT_MAX_NAMES);
        if (maxNames < 1) {
            throw new IllegalArgumentException("org-analytics: " + CATALOG_MAX_NAMES + " must be positive, was " + maxNames);
        }
        CatalogCache.configure(maxNames);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        ProviderConfigurationBuilder options = ProviderConfigurationBuilder.create();
        Quotas.Settings.DEFAULTS.forEach((name, dflt) -> options.property().name(name).type("long").defaultValue(dflt)
                .helpText(helpText(name)).add());
        return options
                .property().name(OccurredAtWindow.MAX_AGE_OPTION).type("int").defaultValue(OccurredAtWindow.DEFAULT_MAX_AGE_DAYS)
                .helpText("Oldest occurredAt accepted, in days before the time received.").add()
                .property().name(CATALOG_MAX_NAMES).type("int").defaultValue(ActionCatalog.DEFAULT_MAX_NAMES)
                .helpText("Distinct action names a realm in open catalog mode accepts; also the most names reports list.").add()
                // Read by the setup provider (UsageMetrics.enableIfConfigured); an option of this
                // provider since it was introduced, so its documented name stays.
                .property().name(UsageMetrics.MAX_LABEL_VALUES_OPTION).type("int").defaultValue(UsageMetrics.DEFAULT_MAX_LABEL_VALUES)
                .helpText("With --metrics-enabled: action names and client ids counted by name per realm; the rest count as 'other'.").add()
                .build();
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return OrgAnalytics.PROVIDER_ID;
    }

    /** The refusal options are about how a refusal is answered, not limits: their help says so. */
    private static String helpText(String option) {
        return switch (option) {
            case "quota-refusal-delay-millis" -> "How long a refused request is held before its 429 (0 = answer at once); see the README.";
            case "quota-max-delayed-refusals" -> "Refusals held back at once per node; past that a 429 is answered at once; see the README.";
            default -> "Action endpoint quota per node (0 = no limit); see the README.";
        };
    }
}
