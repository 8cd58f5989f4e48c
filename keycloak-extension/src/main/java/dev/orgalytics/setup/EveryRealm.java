package dev.orgalytics.setup;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Runs the extension's setup steps (roles, the page's client, ...; {@link OrgAnalyticsSetupFactory}
 * lists them) on every realm: on each realm created later (imports included), in its creating
 * transaction, and on the realms that exist when Keycloak boots. A realm whose steps all succeeded is marked with the realm attribute
 * {@value #MARKER} = {@value #VERSION} and is not visited again; a release that adds a step raises
 * {@link #VERSION}. Steps must be idempotent: a realm is visited again when a boot was interrupted,
 * and every node of a cluster visits the same realms when they start together.
 *
 * <p>At boot the unmarked realms are found with two plain queries and set up one short
 * transaction per realm; more than {@value #IN_STARTUP} are left to a background thread, so
 * Keycloak is ready without waiting for them: loading a realm costs Keycloak 100-200 ms, and
 * hundreds of realms in the startup path (or in one transaction, which a killed start rolls back
 * whole) made a first start take minutes.
 *
 * <p>Nodes started together race for the same rows (a role, a client, a composite link); the
 * loser's transaction fails on the unique key and that realm is retried, and the retry finds the
 * rows and adds nothing.
 */
public final class EveryRealm {

    private static final Logger LOG = Logger.getLogger(EveryRealm.class);

    static final String MARKER = "org-analytics.setup-version";
    static final String VERSION = "1";

    /**
     * Pauses before each retry. The first retry usually suffices; the later ones cover a realm
     * cache that has not yet heard of the other node's commit (cluster invalidations arrive
     * asynchronously), which would let the retry miss the row and collide again.
     */
    static final long[] RETRY_PAUSES_MILLIS = {100, 1000, 3000};

    /**
     * Up to this many realms to set up are done before Keycloak reports ready (a few seconds at
     * most), so that a fresh installation answers with its roles in place; more go to the
     * background thread.
     */
    static final int IN_STARTUP = 20;

    private record Step(String name, BiConsumer<KeycloakSession, RealmModel> action) {
    }

    /** The steps registered by each session factory (one per Keycloak). */
    private static final Map<KeycloakSessionFactory, List<Step>> STEPS = new IdentityHashMap<>();

    private EveryRealm() {
    }

    /** Registers {@code step}, named for the boot log, to run on every realm. */
    public static void ensure(KeycloakSessionFactory factory, String name, BiConsumer<KeycloakSession, RealmModel> step) {
        List<Step> steps;
        boolean first;
        synchronized (STEPS) {
            first = !STEPS.containsKey(factory);
            steps = STEPS.computeIfAbsent(factory, f -> new CopyOnWriteArrayList<>());
        }
        steps.add(new Step(name, step));
        if (first) {
            // Events come after every provider's postInit, so by then every step is registered.
            factory.register(event -> {
                if (event instanceof PostMigrationEvent) {
                    List<String> realmIds = KeycloakModelUtils.runJobInTransactionWithResult(factory, EveryRealm::unmarkedRealms);
                    if (realmIds.size() <= IN_STARTUP) {
                        existingRealms(factory, steps, realmIds);
                    } else {
                        Thread setup = new Thread(() -> existingRealms(factory, steps, realmIds), "org-analytics-setup");
                        setup.setDaemon(true);
                        setup.start();
                    }
                } else if (event instanceof RealmModel.RealmPostCreateEvent e) {
                    setUp(e.getKeycloakSession(), e.getCreatedRealm(), steps, new long[steps.size()]);
                }
            });
        }
    }

    private static void setUp(KeycloakSession session, RealmModel realm, List<Step> steps, long[] nanos) {
        for (int i = 0; i < steps.size(); i++) {
            long t = System.nanoTime();
            steps.get(i).action().accept(session, realm);
            nanos[i] += System.nanoTime() - t;
        }
        realm.setAttribute(MARKER, VERSION);
    }

    private static void existingRealms(KeycloakSessionFactory factory, List<Step> steps, List<String> realmIds) {
        try {
            long start = System.nanoTime();
            long[] nanos = new long[steps.size()];
            int failed = 0;
            for (String realmId : realmIds) {
                boolean done = retrying(realmId, () -> KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    RealmModel realm = session.realms().getRealm(realmId);
                    if (realm != null) { // deleted meanwhile
                        session.getContext().setRealm(realm);
                        setUp(session, realm, steps, nanos);
                    }
                }), EveryRealm::pause);
                failed += done ? 0 : 1;
            }
            if (!realmIds.isEmpty()) {
                StringBuilder perStep = new StringBuilder();
                for (int i = 0; i < steps.size(); i++) {
                    perStep.append(i == 0 ? "" : ", ").append(steps.get(i).name()).append(' ')
                            .append(nanos[i] / 1_000_000).append(" ms");
                }
                LOG.infof("org-analytics: set up %d realms in %d ms (%s)%s", realmIds.size() - failed,
                        (System.nanoTime() - start) / 1_000_000, perStep,
                        failed == 0 ? "" : "; " + failed + " failed and are tried again at the next start");
            }
        } catch (RuntimeException e) {
            // Keycloak shutting down, or the database gone: the next start continues where this stopped.
            LOG.warn("org-analytics: realm setup stopped; it continues at the next start", e);
        }
    }

    /** Ids of the realms without the current marker: two plain queries, no realm is loaded. */
    @SuppressWarnings("unchecked")
    private static List<String> unmarkedRealms(KeycloakSession session) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        Set<String> marked = new HashSet<>();
        // VALUE is a large text column on some databases: compared here, not in SQL.
        for (Object[] row : (List<Object[]>) em.createNativeQuery(
                "SELECT REALM_ID, VALUE FROM REALM_ATTRIBUTE WHERE NAME = ?1").setParameter(1, MARKER).getResultList()) {
            if (VERSION.equals(String.valueOf(row[1]))) {
                marked.add(String.valueOf(row[0]));
            }
        }
        List<String> unmarked = new ArrayList<>();
        for (Object id : em.createNativeQuery("SELECT ID FROM REALM").getResultList()) {
            if (!marked.contains(String.valueOf(id))) {
                unmarked.add(String.valueOf(id));
            }
        }
        return unmarked;
    }

    /** Runs {@code attempt}, again after each pause while it throws; true once it succeeded. */
    static boolean retrying(String realmId, Runnable attempt, LongConsumer pause) {
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
