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
 * Org Analytics report without granting view-users or view-events.
 */
public final class AdminRoles {

    public static final String VIEW_ORG_ANALYTICS = "view-org-analytics";

    private AdminRoles() {
    }

    public static void install(KeycloakSessionFactory factory) {
        EveryRealm.ensure(factory, AdminRoles::ensure);
    }

    static void ensure(KeycloakSession session, RealmModel realm) {
        ClientModel management = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        if (management != null) {
            addComposite(management.getRole(org.keycloak.models.AdminRoles.REALM_ADMIN), role(management));
        }
        ClientModel inMaster = realm.getMasterAdminClient();
        RealmModel master = session.realms().getRealmByName(Config.getAdminRealm());
        if (inMaster != null && master != null) {
            addComposite(master.getRole(org.keycloak.models.AdminRoles.ADMIN), role(inMaster));
        }
    }

    private static RoleModel role(ClientModel client) {
        RoleModel role = client.getRole(VIEW_ORG_ANALYTICS);
        if (role == null) {
            role = client.addRole(VIEW_ORG_ANALYTICS);
            role.setDescription("Org Analytics: view usage reports, leaderboards and exports");
        }
        return role;
    }

    private static void addComposite(RoleModel parent, RoleModel child) {
        if (parent != null && !parent.hasRole(child)) {
            parent.addCompositeRole(child);
        }
    }
}
