package dev.orgalytics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Idempotency keys on every engine: compared byte for byte (MariaDB's default collation would merge
 * case, accents and trailing spaces), and decided by the database when concurrent batches share them.
 */
class IdempotencyKeysDatabaseTest {

    private static final String REALM = "realm-1";
    private static final long T0 = 1_795_000_000_000L;

    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void keysDifferingOnlyByCaseAccentOrTrailingSpaceAreDistinct(String kind) throws Exception {
        List<String> keys = List.of("Key-A", "key-a", "key-a ", "cafe", "café", "Cafe", "strasse", "straße");
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertEquals(keys.size(), write(db, keys).size(), "every key is new");
            assertEquals(0, write(db, keys).size(), "a retry of every key stores nothing");
            assertEquals(keys.size(), db.count("SELECT COUNT(*) FROM OA_ACTION"));
            assertEquals(keys.size(), db.count("SELECT ACTIONS FROM OA_USER_TOTALS WHERE USER_ID = 'u1'"));
            assertEquals(1, db.count("SELECT COUNT(*) FROM OA_ACTION WHERE CLIENT_KEY = ?", "key-a"));
            // The client id is a report filter: it compares exactly too.
            assertEquals(0, db.count("SELECT COUNT(*) FROM OA_ACTION WHERE CLIENT_ID = ?", "WEB"));
        }
    }

    /** Rows without an id never clash and are all stored; beside them, only the keys not stored before. */
    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void aBatchMixingRowsWithAndWithoutKeysStoresEveryUnkeyedRowAndOnlyNewKeys(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertEquals(1, write(db, List.of("old")).size());
            List<ActionRow> stored = write(db, java.util.Arrays.asList(null, "old", "new", null, "new", null));
            assertEquals(List.of(3L, 1L), List.of(stored.stream().filter(r -> r.clientKey() == null).count(),
                    stored.stream().filter(r -> r.clientKey() != null).count()), "three unkeyed rows and the one new key");
            assertEquals("new", stored.stream().filter(r -> r.clientKey() != null).findFirst().orElseThrow().clientKey());
            assertEquals(5, db.count("SELECT COUNT(*) FROM OA_ACTION"));
            assertEquals(5, db.count("SELECT ACTIONS FROM OA_USER_TOTALS WHERE USER_ID = 'u1'"));
            assertEquals(5, db.count("SELECT SUM(ACTIONS) FROM OA_REALM_ACTIVITY_MONTH"));
        }
    }

    /**
     * 20 writers post batches drawn from one pool of keys, each in its own order, at once; a writer
     * that loses a race runs its transaction again, as the action endpoint does. Every key is stored
     * once, the writers' own counts of what they stored add up to it, and so do the roll-ups.
     */
    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void concurrentBatchesSharingKeysStoreEachKeyOnce(String kind) throws Exception {
        int writers = 20;
        int batches = 5;
        int batchSize = 20;
        List<String> pool = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            pool.add("shared-" + i);
        }
        try (TestDatabase db = TestDatabase.create(kind)) {
            AtomicInteger stored = new AtomicInteger();
            AtomicInteger retries = new AtomicInteger();
            ExecutorService threads = Executors.newFixedThreadPool(writers);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Random random = new Random(w);
                futures.add(threads.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<String> keys = new ArrayList<>(pool);
                        Collections.shuffle(keys, random);
                        List<String> batch = keys.subList(0, batchSize);
                        stored.addAndGet(WriteRetry.run(() -> write(db, batch), attempt -> retries.incrementAndGet()).size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            threads.shutdown();
            long distinct = db.count("SELECT COUNT(DISTINCT CLIENT_KEY) FROM OA_ACTION");
            assertEquals(distinct, db.count("SELECT COUNT(*) FROM OA_ACTION"), "no key stored twice");
            assertEquals(distinct, stored.get(), "the writers' counts of what they stored");
            assertEquals(distinct, db.count("SELECT ACTIONS FROM OA_USER_TOTALS WHERE USER_ID = 'u1'"));
            assertEquals(distinct, db.count("SELECT SUM(ACTIONS) FROM OA_REALM_ACTIVITY_MONTH"));
            System.out.printf("[%s] %d keys stored by %d writers, %d transactions run again%n", kind, distinct, writers, retries.get());
        }
    }

    private static List<ActionRow> write(TestDatabase db, List<String> keys) throws SQLException {
        List<ActionRow> rows = new ArrayList<>();
        for (String key : keys) {
            rows.add(new ActionRow(UUID.randomUUID().toString(), REALM, "u1", "web", "profile_viewed", key, T0, T0,
                    null, null, null, null, null));
        }
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                List<ActionRow> stored = new AnalyticsWriter(c).writeActions(rows);
                c.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
