package dev.orgalytics.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.orgalytics.OccurredAtWindow;
import dev.orgalytics.OrgAnalytics;

/** Mounts {@link OrgAnalyticsAdminResource} at {@code /admin/realms/{realm}/org-analytics}. */
public class OrgAnalyticsAdminFactory implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider {

    /** {@code --spi-admin-realm-restapi-extension-org-analytics-audit-reads}: every report read is an admin event. */
    private boolean auditReads;
    /** Usage periods that ended longer ago than this are closed: late actions can no longer land in them. */
    private Duration closedAfter;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new OrgAnalyticsAdminResource(session, realm, auth, adminEvent, Clock.systemUTC(), closedAfter, auditReads);
    }

    @Override
    public void init(Config.Scope config) {
        auditReads = config.getBoolean("audit-reads", false);
        closedAfter = OccurredAtWindow.configuredClosedAfter();
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("audit-reads").type("boolean").defaultValue(false)
                .helpText("Record every report read (not only CSV exports) as an admin event.").add()
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // A removed realm's cached catalog goes with it (reports' caches are keyed by the realm's
        // report generation in the database instead, which every node reads).
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent e) {
                dev.orgalytics.ingest.CatalogCache.invalidate(e.getRealm().getId());
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return OrgAnalytics.PROVIDER_ID;
    }
}
