package dev.orgalytics.setup;

import java.util.List;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Runs a setup step on every realm: on the realms that exist when Keycloak boots (after its
 * database migration) and on each realm created later (imports included). The step must be
 * idempotent, since it runs again at every boot and on every node of a cluster.
 *
 * <p>At boot each realm gets its own short transaction: one transaction over hundreds of realms
 * grows a persistence context that every flush walks, and a failure (or a startup probe killing a
 * slow start) would roll back all of it. Every node runs this at the same time on a fresh install,
 * so a step can lose a race for a unique row (a role, a client, a composite link) to another node;
 * that realm's transaction is then retried, and the retry finds the row and adds nothing.
 */
public final class EveryRealm {

    private static final Logger LOG = Logger.getLogger(EveryRealm.class);

    /**
     * Pauses before each retry. The first retry usually suffices; the later ones cover a realm
     * cache that has not yet heard of the other node's commit (cluster invalidations arrive
     * asynchronously), which would let the retry miss the row and collide again.
     */
    static final long[] RETRY_PAUSES_MILLIS = {100, 1000, 3000};

    private EveryRealm() {
    }

    public static void ensure(KeycloakSessionFactory factory, BiConsumer<KeycloakSession, RealmModel> step) {
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                everyExistingRealm(factory, step);
            } else if (event instanceof RealmModel.RealmPostCreateEvent e) {
                step.accept(e.getKeycloakSession(), e.getCreatedRealm());
            }
        });
    }

    private static void everyExistingRealm(KeycloakSessionFactory factory, BiConsumer<KeycloakSession, RealmModel> step) {
        List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(factory,
                session -> session.realms().getRealmsStream().map(RealmModel::getId).toList());
        for (String realmId : realmIds) {
            boolean done = retrying(realmId, () -> KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null) { // deleted meanwhile through another node
                    session.getContext().setRealm(realm);
                    step.accept(session, realm);
                }
            }), EveryRealm::pause);
            if (!done) {
                // Keycloak itself stays up: the next boot of any node tries this realm again.
                LOG.errorf("org-analytics: setup of realm %s failed %d times; it is retried at the next start",
                        realmId, RETRY_PAUSES_MILLIS.length + 1);
            }
        }
    }

    /** Runs {@code attempt}, again after each pause while it throws; true once it succeeded. */
    static boolean retrying(String realmId, Runnable attempt, java.util.function.LongConsumer pause) {
        for (int i = 0; ; i++) {
            try {
                attempt.run();
                return true;
            } catch (RuntimeException e) {
                if (i == RETRY_PAUSES_MILLIS.length) {
                    LOG.warnf(e, "org-analytics: setup of realm %s failed", realmId);
                    return false;
                }
                // Typically a unique-key violation: another node created the same row first.
                LOG.debugf(e, "org-analytics: setup of realm %s failed, retrying", realmId);
                pause.accept(RETRY_PAUSES_MILLIS[i]);
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting up realms", e);
        }
    }
}
