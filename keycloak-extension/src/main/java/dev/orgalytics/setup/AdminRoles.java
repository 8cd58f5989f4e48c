package dev.orgalytics.setup;

import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
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
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            VIEW_ORG_ANALYTICS, "Org Analytics: view usage reports, leaderboards and exports",
            VIEW_ORG_ANALYTICS_TOTALS, "Org Analytics: view the realm's totals (summary, usage, leaderboard usernames "
                    + "and scores), nothing about individual users' emails, groups, roles, actions or logins");

    private AdminRoles() {
    }

    static void ensure(KeycloakSession session, RealmModel realm) {
        ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        ClientModel inMaster = realm.getMasterAdminClient();
        RealmModel master = session.realms().getRealmByName(Config.getAdminRealm());
        for (String name : List.of(VIEW_ORG_ANALYTICS, VIEW_ORG_ANALYTICS_TOTALS)) {
            if (management != null) {
                ensureComposite(session, management.getRole(org.keycloak.models.AdminRoles.REALM_ADMIN), management, name);
            }
            if (inMaster != null && master != null) {
                ensureComposite(session, master.getRole(org.keycloak.models.AdminRoles.ADMIN), inMaster, name);
            }
        }
    }

    /** Makes the client's role {@code name} (created if missing) a direct composite of {@code parent}. */
    private static void ensureComposite(KeycloakSession session, RoleModel parent, ClientModel client, String name) {
        if (parent == null) {
            return;
        }
        RoleModel role = client.getRole(name);
        if (role == null) {
            role = client.addRole(name);
            role.setDescription(DESCRIPTIONS.get(name));
            parent.addCompositeRole(role);
        } else if (!isDirectComposite(session, parent, role)) {
            parent.addCompositeRole(role);
        }
    }

    /**
     * One primary-key lookup in Keycloak's composite table. {@code RoleModel.hasRole} would walk
     * the parent's whole composite tree, and master's {@code admin} holds every realm's admin
     * roles: checking each realm that way is quadratic in the number of realms.
     */
    static boolean isDirectComposite(KeycloakSession session, RoleModel parent, RoleModel child) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        return !em.createNativeQuery("SELECT 1 FROM COMPOSITE_ROLE WHERE COMPOSITE = ?1 AND CHILD_ROLE = ?2")
                .setParameter(1, parent.getId())
                .setParameter(2, child.getId())
                .getResultList().isEmpty();
    }
}
