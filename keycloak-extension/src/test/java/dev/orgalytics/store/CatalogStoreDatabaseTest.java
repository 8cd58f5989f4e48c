package dev.orgalytics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The action catalog's tables on every engine: saving, the names recorded, refusals counted and bounded, realm deletion. */
class CatalogStoreDatabaseTest {

    private static final long T0 = 1_795_000_000_000L;

    @FunctionalInterface
    interface Work<T> {
        T run(CatalogStore store) throws SQLException;
    }

    private static <T> T tx(TestDatabase db, Work<T> work) throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(new CatalogStore(c));
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void catalogIsSavedInOrderAndReplacedWhole(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertNull(tx(db, s -> s.load("r1")), "never saved");
            tx(db, s -> {
                s.save("r1", "strict", List.of(new CatalogStore.Entry("zz_last", "Zürich « quoted »"),
                        new CatalogStore.Entry("aa_first", null)), T0);
                return null;
            });
            CatalogStore.Saved saved = tx(db, s -> s.load("r1"));
            assertEquals("strict", saved.mode());
            assertEquals(List.of(new CatalogStore.Entry("zz_last", "Zürich « quoted »"), new CatalogStore.Entry("aa_first", null)),
                    saved.entries(), "the admin's order and text, exactly");
            tx(db, s -> {
                s.save("r1", "open", List.of(new CatalogStore.Entry("only", "d")), T0 + 1);
                return null;
            });
            assertEquals(new CatalogStore.Saved("open", List.of(new CatalogStore.Entry("only", "d"))), tx(db, s -> s.load("r1")));
            assertNull(tx(db, s -> s.load("r2")), "per realm");
        }
    }

    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void recordedNamesComeFromTheMonthRollups(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            List<ActionRow> rows = new ArrayList<>();
            for (String name : List.of("job_posted", "profile_viewed", "job_posted")) {
                rows.add(new ActionRow(UUID.randomUUID().toString(), "r1", "u1", "web", name, null, T0, T0, null, null, null, null, null));
            }
            rows.add(new ActionRow(UUID.randomUUID().toString(), "r2", "u2", "web", "elsewhere", null, T0, T0, null, null, null, null, null));
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                new AnalyticsWriter(c).writeActions(rows);
                c.commit();
            }
            assertEquals(List.of("job_posted", "profile_viewed"), tx(db, s -> s.recordedNames("r1")));
        }
    }

    @ParameterizedTest
    @FieldSource("dev.orgalytics.store.TestDatabase#KINDS")
    void refusalsAreCountedBoundedAndLeaveWhenCatalogued(String kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            tx(db, s -> {
                s.recordRefused("r1", List.of("made_up", "typo_nme"), T0);
                s.recordRefused("r1", List.of("made_up"), T0 + 5000);
                return null;
            });
            assertEquals(List.of(new CatalogStore.Refused("made_up", 2, T0 + 5000), new CatalogStore.Refused("typo_nme", 1, T0)),
                    tx(db, s -> s.refused("r1")));
            // Fill the realm to its bound: further new names are summed under '*'.
            List<String> many = new ArrayList<>();
            for (int i = 0; i < CatalogStore.MAX_REFUSED_NAMES; i++) {
                many.add("n" + i);
            }
            tx(db, s -> {
                s.recordRefused("r1", many, T0 + 6000);
                return null;
            });
            List<CatalogStore.Refused> all = tx(db, s -> s.refused("r1"));
            assertEquals(CatalogStore.MAX_REFUSED_NAMES + 1, all.size(), "1000 names plus '*'");
            CatalogStore.Refused other = all.stream().filter(r -> r.name().equals(CatalogStore.OTHER_REFUSED)).findFirst().orElseThrow();
            assertEquals(2, other.count(), "the two names past the bound");
            tx(db, s -> {
                s.recordRefused("r1", List.of("made_up"), T0 + 7000);
                return null;
            });
            assertEquals(3, tx(db, s -> s.refused("r1")).stream().filter(r -> r.name().equals("made_up")).findFirst().orElseThrow().count(),
                    "a tracked name keeps counting");
            tx(db, s -> {
                s.save("r1", "open", List.of(new CatalogStore.Entry("made_up", "now planned")), T0);
                return null;
            });
            assertEquals(0, db.count("SELECT COUNT(*) FROM OA_REFUSED_ACTION WHERE ACTION = 'made_up'"));
        }
    }
}
