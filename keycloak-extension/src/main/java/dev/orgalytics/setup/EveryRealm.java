package dev.orgalytics.setup;

import java.util.function.BiConsumer;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Runs a setup step on every realm: on the realms that exist when Keycloak boots (after its
 * database migration) and on each realm created later (imports included). The step must be
 * idempotent, since it runs again at every boot.
 */
public final class EveryRealm {

    private EveryRealm() {
    }

    public static void ensure(KeycloakSessionFactory factory, BiConsumer<KeycloakSession, RealmModel> step) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory,
                        session -> session.realms().getRealmsStream().forEach(realm -> step.accept(session, realm)));
            } else if (event instanceof RealmModel.RealmPostCreateEvent e) {
                step.accept(e.getKeycloakSession(), e.getCreatedRealm());
            }
        });
    }
}
