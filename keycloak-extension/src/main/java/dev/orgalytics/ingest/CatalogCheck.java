package dev.orgalytics.ingest;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.orgalytics.store.AnalyticsStore;
import dev.orgalytics.store.CatalogStore;

/** Keycloak glue of the action catalog at ingestion: the cached catalog of a realm, and refusals recorded. */
public final class CatalogCheck {

    private static final Logger LOG = Logger.getLogger(CatalogCheck.class);

    private CatalogCheck() {
    }

    /** The realm's catalog: cached, reloaded when its generation attribute changed or the cache entry aged out. */
    static ActionCatalog of(KeycloakSession session, RealmModel realm) {
        return CatalogCache.get(realm.getId(), realm.getAttribute(CatalogCache.GENERATION_ATTRIBUTE),
                () -> AnalyticsStore.catalog(session, store -> load(store, realm.getId())));
    }

    public static ActionCatalog load(CatalogStore store, String realmId) throws SQLException {
        CatalogStore.Saved saved = store.load(realmId);
        List<String> recorded = store.recordedNames(realmId);
        if (saved == null) {
            return ActionCatalog.empty(recorded, CatalogCache.maxNames());
        }
        List<ActionCatalog.Entry> entries = new ArrayList<>();
        saved.entries().forEach(e -> entries.add(new ActionCatalog.Entry(e.name(), e.description())));
        ActionCatalog.Mode mode = ActionCatalog.Mode.parse(saved.mode());
        return new ActionCatalog(mode != null ? mode : ActionCatalog.Mode.OPEN, entries, recorded, CatalogCache.maxNames());
    }

    /**
     * Counts the refused names in a transaction of its own (the request itself stores nothing). A
     * failure here is logged, never turned into an error: the client's answer is the 400 either way.
     */
    static void recordRefused(KeycloakSession session, String realmId, List<String> names) {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> AnalyticsStore.catalog(s, store -> {
                store.recordRefused(realmId, names, System.currentTimeMillis());
                return null;
            }));
        } catch (RuntimeException e) {
            LOG.warnf("Could not count refused action names of realm %s: %s", realmId, e.toString());
        }
    }
}
