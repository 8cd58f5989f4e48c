package dev.orgalytics.ingest;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Each realm's {@link ActionCatalog}, loaded once and then checked on every ingestion without a
 * database round trip. An entry is reloaded when the realm's catalog generation changed (a
 * {@code PUT} of the catalog sets a new one in a realm attribute, which Keycloak's realm cache
 * invalidates on every node of a cluster) and at least every {@link #TTL_NANOS}, so that names
 * other nodes admitted count against this node's cap within that time.
 */
public final class CatalogCache {

    /** Realm attribute holding the generation of the realm's saved catalog. */
    public static final String GENERATION_ATTRIBUTE = "org-analytics.catalog-generation";
    static final long TTL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private static volatile int maxNames = ActionCatalog.DEFAULT_MAX_NAMES;
    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();
    private static LongSupplier clock = System::nanoTime;

    private record Cached(String generation, long loadedAt, ActionCatalog catalog) {
    }

    private CatalogCache() {
    }

    /** The configured cap of distinct names per realm ({@code catalog-max-names}). */
    public static int maxNames() {
        return maxNames;
    }

    static void configure(int max) {
        maxNames = max;
        CACHE.clear();
    }

    /** The realm's catalog, from the cache when its generation is current and it is younger than the TTL. */
    public static ActionCatalog get(String realmId, String generation, Supplier<ActionCatalog> load) {
        long now = clock.getAsLong();
        Cached c = CACHE.get(realmId);
        if (c != null && Objects.equals(c.generation(), generation) && now - c.loadedAt() < TTL_NANOS) {
            return c.catalog();
        }
        ActionCatalog fresh = load.get();
        CACHE.put(realmId, new Cached(generation, now, fresh));
        return fresh;
    }

    public static void invalidate(String realmId) {
        CACHE.remove(realmId);
    }

    /** For tests of the TTL. */
    static void useClock(LongSupplier nanoClock) {
        clock = nanoClock;
        CACHE.clear();
    }
}
