package dev.orgalytics.setup;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

import dev.orgalytics.OrgAnalytics;

/** Creates the roles the extension relies on, in existing realms at boot and in every new realm. */
public final class RealmRoles {

    private RealmRoles() {
    }

    public static void install(KeycloakSessionFactory factory) {
        EveryRealm.ensure(factory, "recorder role", (session, realm) -> ensure(realm));
    }

    static void ensure(RealmModel realm) {
        if (realm.getRole(OrgAnalytics.RECORDER_ROLE) == null) {
            realm.addRole(OrgAnalytics.RECORDER_ROLE).setDescription(
                    "Org Analytics: a service account with this role may record actions on behalf of other users");
        }
    }
}
