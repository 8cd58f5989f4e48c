package dev.orgalytics.setup;

import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

import dev.orgalytics.OrgAnalytics;

/** Creates the roles the extension relies on, in existing realms at boot and in every new realm. */
public final class RealmRoles {

    private RealmRoles() {
    }

    public static void install(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory,
                        session -> session.realms().getRealmsStream().forEach(RealmRoles::ensure));
            } else if (event instanceof RealmModel.RealmPostCreateEvent e) {
                ensure(e.getCreatedRealm());
            }
        });
    }

    static void ensure(RealmModel realm) {
        if (realm.getRole(OrgAnalytics.RECORDER_ROLE) == null) {
            realm.addRole(OrgAnalytics.RECORDER_ROLE).setDescription(
                    "Org Analytics: a service account with this role may record actions on behalf of other users");
        }
    }
}
