package dev.orgalytics.setup;

import io.micrometer.core.instrument.Metrics;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

import dev.orgalytics.OrgAnalytics;
import dev.orgalytics.capture.CaptureStats;
import dev.orgalytics.capture.OrgAnalyticsEventListenerFactory;
import dev.orgalytics.console.ConsoleClient;
import dev.orgalytics.metrics.UsageMetrics;
import dev.orgalytics.store.AnalyticsStore;
import dev.orgalytics.store.ReportGeneration;

/**
 * What the extension sets up when Keycloak boots: the steps {@link EveryRealm} runs on every realm
 * (the recorder role, the admin roles, the page's client, the realm's report generation row), and
 * this node's counters on Keycloak's metrics registry. Each step's rules live with what it sets up;
 * this class only lists them.
 */
public class OrgAnalyticsSetupFactory implements SetupProviderFactory {

    @Override
    public void init(Config.Scope config) {
        CaptureStats capture = OrgAnalyticsEventListenerFactory.stats();
        UsageMetrics.enableIfConfigured(Metrics.globalRegistry, OrgAnalytics.actionEndpointOptions(), capture.failed, capture.dropped);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        EveryRealm.ensure(factory, "recorder role", (session, realm) -> RealmRoles.ensure(realm));
        EveryRealm.ensure(factory, "page client", (session, realm) -> ConsoleClient.ensure(realm));
        EveryRealm.ensure(factory, "admin roles", AdminRoles::ensure);
        EveryRealm.ensure(factory, "report generation", (session, realm) ->
                AnalyticsStore.onConnection(session, c -> ReportGeneration.ensure(c, realm.getId())));
    }

    @Override
    public SetupProvider create(KeycloakSession session) {
        return () -> {
        };
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return OrgAnalytics.PROVIDER_ID;
    }
}
