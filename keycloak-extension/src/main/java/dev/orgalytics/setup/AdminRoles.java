package dev.orgalytics.setup;

import org.keycloak.Config;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

/**
 * The admin role {@code view-org-analytics}: a role of each realm's {@code realm-management}
 * client (composite of {@code realm-admin}) and of the realm's client in the master realm
 * (composite of master's {@code admin}), like Keycloak's own {@code view-events}. It grants every
 * Org Analytics report without granting view-users or view-events. Beside it, the same way,
 * {@code view-org-analytics-totals}: the realm's totals only (summary, usage, leaderboard ranks
 * with usernames and scores), for dashboards and the metrics exporter.
 */
public final class AdminRoles {

    public static final String VIEW_ORG_ANALYTICS = "view-org-analytics";
    public static final String VIEW_ORG_ANALYTICS_TOTALS = "view-org-analytics-totals";
    private static final java.util.Map<String, String> DESCRIPTIONS = java.util.Map.of(
            VIEW_ORG_ANALYTICS, "Org Analytics: view usage reports, leaderboards and exports",
            VIEW_ORG_ANALYTICS_TOTALS, "Org Analytics: view the realm's totals (summary, usage, leaderboard usernames "
                    + "and scores), nothing about individual users' emails, groups, roles, actions or logins");

    private AdminRoles() {
    }

    public static void install(KeycloakSessionFactory factory) {
        EveryRealm.ensure(factory, AdminRoles::ensure);
    }

    static void ensure(KeycloakSession session, RealmModel realm) {
        ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        ClientModel inMaster = realm.getMasterAdminClient();
        RealmModel master = session.realms().getRealmByName(Config.getAdminRealm());
        for (String name : java.util.List.of(VIEW_ORG_ANALYTICS, VIEW_ORG_ANALYTICS_TOTALS)) {
            if (management != null) {
                addComposite(management.getRole(org.keycloak.models.AdminRoles.REALM_ADMIN), role(management, name));
            }
            if (inMaster != null && master != null) {
                addComposite(master.getRole(org.keycloak.models.AdminRoles.ADMIN), role(inMaster, name));
            }
        }
    }

    private static RoleModel role(ClientModel client, String name) {
        RoleModel role = client.getRole(name);
        if (role == null) {
            role = client.addRole(name);
            role.setDescription(DESCRIPTIONS.get(name));
        }
        return role;
    }

    private static void addComposite(RoleModel parent, RoleModel child) {
        if (parent != null && !parent.hasRole(child)) {
            parent.addCompositeRole(child);
        }
    }
}
