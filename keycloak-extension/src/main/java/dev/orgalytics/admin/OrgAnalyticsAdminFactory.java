package dev.orgalytics.admin;

import java.time.Clock;
import java.time.Duration;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.orgalytics.OrgAnalytics;
import dev.orgalytics.ingest.MaxActionAge;
import dev.orgalytics.setup.AdminRoles;
import dev.orgalytics.stats.PeriodCache;

/** Mounts {@link OrgAnalyticsAdminResource} at {@code /admin/realms/{realm}/org-analytics}. */
public class OrgAnalyticsAdminFactory implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider {

    /** Usage periods that ended longer ago than this are closed: late actions can no longer land in them. */
    private Duration closedAfter;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                              AdminEventBuilder adminEvent) {
        return new OrgAnalyticsAdminResource(session, realm, auth, adminEvent, Clock.systemUTC(), closedAfter);
    }

    @Override
    public void init(Config.Scope config) {
        closedAfter = PeriodCache.closedAfter(MaxActionAge.configured());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        AdminRoles.install(factory);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return OrgAnalytics.PROVIDER_ID;
    }
}
