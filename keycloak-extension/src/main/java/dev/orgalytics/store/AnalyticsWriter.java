package dev.orgalytics.store;

import static dev.orgalytics.store.RowInserts.setNullable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import dev.orgalytics.store.RowInserts.Binder;

/**
 * Writes raw rows and their roll-ups over one JDBC connection, inside the caller's transaction.
 * Plain JDBC rather than JPA because the hot paths need batched multi-row inserts and atomic
 * "add to this counter" upserts, which JPA cannot express. The reports read the same tables over
 * JDBC too (the {@code stats.*Report} classes); the extension has no JPA entities.
 */
public final class AnalyticsWriter {

    /**
     * Rows of the realm roll-ups per bucket and action. Every ingestion request of a realm adds to
     * the current bucket's rows, held only from the realm upserts (the last statements) to commit;
     * each transaction picks one of the stripes at random and readers sum over them. One stripe was
     * enough on PostgreSQL; on MariaDB eight concurrent writers queued on the one row (sampled
     * process lists showed most writers waiting in that upsert), and eight stripes raised ingestion
     * by about a tenth there (docs/benchmarks.md).
     */
    static final int REALM_STRIPES = 8;
    private static final int INSERT_CHUNK = RowInserts.CHUNK;
    private static final List<String> LOGIN_COLUMNS = List.of("ID", "REALM_ID", "USER_ID", "CLIENT_ID", "EVENT_TYPE",
            "SUCCESS", "ERROR", "IP_ADDRESS", "EVENT_TIME", "IDENTITY_PROVIDER");
    private static final List<String> ACTION_COLUMNS = List.of("ID", "REALM_ID", "USER_ID", "CLIENT_ID", "ACTION",
            "CLIENT_KEY", "OCCURRED_AT", "RECEIVED_AT", "PAGE", "TARGET_TYPE", "TARGET_ID", "TARGET_NAME", "PROPERTIES",
            "ORG_ID");

    private final Connection connection;
    private final SqlDialect dialect;
    /** The current write's statements whose results are not read: each public write flushes them, or drops a failed write's. */
    private final StatementRound round;

    public AnalyticsWriter(Connection connection) throws SQLException {
        this.connection = connection;
        this.dialect = SqlDialect.of(connection.getMetaData().getDatabaseProductName());
        this.round = new StatementRound(connection, dialect);
    }

    /** Stores login events and adds them to the roll-ups. */
    public void writeLogins(List<LoginRow> rows) throws SQLException {
        round.discard();
        if (dialect == SqlDialect.POSTGRES) {
            // Every login commits synchronously on the same write-ahead log. Captured logins wait in
            // memory until this commit anyway (a crash loses the queue), so this transaction need
            // not wait for its flush; the next flush (at most wal_writer_delay later) makes it durable.
            try (Statement st = connection.createStatement()) {
                st.execute("SET LOCAL synchronous_commit = off");
            }
        }
        Rollup rollup = new Rollup();
        // Session activity only moves the roll-ups; every other event is kept raw too.
        List<LoginRow> events = rows.stream().filter(r -> !LoginRow.SESSION.equals(r.type())).toList();
        RowInserts.insert(round, connection, dialect, "OA_LOGIN_EVENT", LOGIN_COLUMNS, events, (ps, i, r) -> {
            ps.setString(++i, r.id());
            ps.setString(++i, r.realmId());
            setNullable(ps, ++i, r.userId());
            setNullable(ps, ++i, r.clientId());
            ps.setString(++i, r.type());
            ps.setBoolean(++i, r.success());
            setNullable(ps, ++i, r.error());
            setNullable(ps, ++i, r.ipAddress());
            ps.setLong(++i, r.time());
            setNullable(ps, ++i, r.identityProvider());
            return i;
        });
        List<EventAttribution> attributions = new ArrayList<>();
        for (LoginRow r : events) {
            r.organizationIds().forEach(org -> attributions.add(new EventAttribution(r.id(), org, r.realmId(), r.userId(), r.time())));
        }
        RowInserts.insert(round, connection, dialect, "OA_LOGIN_EVENT_ORG", EventAttribution.LOGIN_COLUMNS, attributions,
                EventAttribution.BINDER);
        for (LoginRow r : rows) {
            if (r.countsAsLogin()) {
                rollup.addLogin(r.realmId(), r.userId(), r.time(), r.success(), r.organizationIds());
            } else if (r.sessionActivity()) {
                rollup.addSessionActivity(r.realmId(), r.userId(), r.time(), r.organizationIds());
            }
        }
        applyRollup(rollup);
    }

    /**
     * Stores the actions whose idempotency key is new in their realm and adds them to the roll-ups;
     * returns the rows stored (the rest were duplicates). A key repeated inside {@code rows} is
     * stored once. Whether a key is new is decided by the database's unique key
     * ({@code UK_OA_ACTION_CLIENT_KEY}), not by a look-up first, so two requests racing with the
     * same key cannot both store it and neither fails: PostgreSQL skips the conflict
     * ({@code ON CONFLICT DO NOTHING}), MariaDB/MySQL turn it into a no-op update, H2 (one node,
     * development only) looks up first and lets the caller retry on a clash. Keyed rows are inserted
     * in key order, so concurrent batches sharing keys wait for each other instead of deadlocking.
     */
    public List<ActionRow> writeActions(List<ActionRow> rows) throws SQLException {
        round.discard();
        Set<String> batchKeys = new HashSet<>();
        List<ActionRow> candidates = new ArrayList<>(rows.size());
        for (ActionRow r : rows) {
            if (r.clientKey() == null || batchKeys.add(r.realmId() + '\u0000' + r.clientKey())) {
                candidates.add(r);
            }
        }
        candidates.sort(KEY_ORDER);
        List<ActionRow> fresh;
        if (dialect == SqlDialect.MERGE) {
            Set<String> stored = StoredIds.keysIn(connection, candidates);
            fresh = candidates.stream().filter(r -> r.clientKey() == null
                    || !stored.contains(r.realmId() + '\u0000' + r.clientKey())).toList();
            RowInserts.insert(connection, dialect, "OA_ACTION", ACTION_COLUMNS, fresh, "", ACTION_BINDER);
        } else {
            // Rows without a key cannot clash: inserted plainly, never looked up afterwards. Only the
            // keyed ones go through the skip-duplicates insert (and, on MariaDB, the look-up of what it stored).
            List<ActionRow> unkeyed = candidates.stream().filter(r -> r.clientKey() == null).toList();
            List<ActionRow> keyed = candidates.subList(unkeyed.size(), candidates.size());
            RowInserts.insert(round, connection, dialect, "OA_ACTION", ACTION_COLUMNS, unkeyed, ACTION_BINDER);
            int inserted = RowInserts.insert(connection, dialect, "OA_ACTION", ACTION_COLUMNS, keyed, dialect.skipDuplicateKeys(), ACTION_BINDER);
            if (inserted == keyed.size() && dialect.updateCountExcludesSkipped()) {
                fresh = candidates;
            } else {
                List<ActionRow> stored = new ArrayList<>(unkeyed);
                stored.addAll(storedOf(keyed));
                fresh = stored;
            }
        }
        // An action of one organization carries it in its own row (OA_ACTION.ORG_ID); only those of
        // several (or none: nothing to add) get a row per organization here. Only the stored rows: a
        // duplicate's organizations are those its first delivery stored.
        List<EventAttribution> attributions = new ArrayList<>();
        for (ActionRow r : fresh) {
            if (r.soleOrganizationId() == null) {
                r.organizationIds().forEach(org -> attributions.add(new EventAttribution(r.id(), org, r.realmId(), r.userId(), r.occurredAt())));
            }
        }
        RowInserts.insert(round, connection, dialect, "OA_ACTION_ORG", EventAttribution.ACTION_COLUMNS, attributions,
                EventAttribution.BINDER);
        Rollup rollup = new Rollup();
        for (ActionRow r : fresh) {
            rollup.addAction(r.realmId(), r.userId(), r.occurredAt(), r.action(), r.organizationIds());
        }
        applyRollup(rollup);
        return fresh;
    }

    /** Rows without a key first (they never clash), then by realm and key: one lock order for every writer. */
    private static final Comparator<ActionRow> KEY_ORDER = Comparator
            .comparing(ActionRow::clientKey, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(ActionRow::realmId);

    private static final Binder<ActionRow> ACTION_BINDER = (ps, i, r) -> {
        ps.setString(++i, r.id());
        ps.setString(++i, r.realmId());
        ps.setString(++i, r.userId());
        setNullable(ps, ++i, r.clientId());
        ps.setString(++i, r.action());
        setNullable(ps, ++i, r.clientKey());
        ps.setLong(++i, r.occurredAt());
        ps.setLong(++i, r.receivedAt());
        setNullable(ps, ++i, r.page());
        setNullable(ps, ++i, r.targetType());
        setNullable(ps, ++i, r.targetId());
        setNullable(ps, ++i, r.targetName());
        setNullable(ps, ++i, r.propertiesJson());
        setNullable(ps, ++i, r.soleOrganizationId());
        return i;
    };

    /** Which of {@code rows} this transaction stored, by their fresh ids (a skipped duplicate left no row with its id). */
    private List<ActionRow> storedOf(List<ActionRow> rows) throws SQLException {
        Set<String> ids = StoredIds.in(connection, "OA_ACTION", rows.stream().map(ActionRow::id).toList());
        return rows.stream().filter(r -> ids.contains(r.id())).toList();
    }

    /** Adds a batch's increments to the roll-up tables (users' at every grain, totals, realm), in key order. */
    private void applyRollup(Rollup rollup) throws SQLException {
        if (rollup.isEmpty()) {
            round.flush();
            return;
        }
        for (Grain grain : Grain.values()) {
            upsert(dialect.upsertActivity(grain), rollup.activity(grain).entrySet(), (ps, i, e) -> {
                ps.setString(++i, e.getKey().realmId());
                ps.setString(++i, e.getKey().userId());
                ps.setLong(++i, e.getKey().bucketStart());
                return bindCounts(ps, i, e.getValue());
            });
            upsert(dialect.upsertActionCount(grain), rollup.actionCounts(grain).entrySet(), (ps, i, e) -> {
                Rollup.ActivityKey k = e.getKey().activity();
                ps.setString(++i, k.realmId());
                ps.setString(++i, k.userId());
                ps.setLong(++i, k.bucketStart());
                ps.setString(++i, e.getKey().action());
                ps.setLong(++i, e.getValue());
                return i;
            });
        }
        upsert(dialect.upsertTotals(), rollup.totals().entrySet(), (ps, i, e) -> {
            Rollup.Totals t = e.getValue();
            ps.setString(++i, e.getKey().realmId());
            ps.setString(++i, e.getKey().userId());
            ps.setLong(++i, t.logins());
            ps.setLong(++i, t.failedLogins());
            ps.setLong(++i, t.actions());
            setNullable(ps, ++i, t.lastLoginAt());
            setNullable(ps, ++i, t.lastFailedLoginAt());
            setNullable(ps, ++i, t.lastActionAt());
            setNullable(ps, ++i, t.lastActiveAt());
            return i;
        });
        LatestActiveDays.Moves latest = moveLatestActivity(rollup);
        for (Grain grain : Grain.values()) {
            upsert(dialect.upsertOrgActivity(grain), rollup.orgActivity(grain).entrySet(), (ps, i, e) -> {
                Rollup.OrgActivityKey k = e.getKey();
                ps.setString(++i, k.realmId());
                ps.setString(++i, k.organizationId());
                ps.setString(++i, k.userId());
                ps.setLong(++i, k.bucketStart());
                i = bindCounts(ps, i, e.getValue());
                setNullable(ps, ++i, e.getValue().lastActiveAt());
                return i;
            });
            upsert(dialect.upsertOrgActionCount(grain), rollup.orgActionCounts(grain).entrySet(), (ps, i, e) -> {
                Rollup.OrgActivityKey k = e.getKey().activity();
                ps.setString(++i, k.realmId());
                ps.setString(++i, k.organizationId());
                ps.setString(++i, k.userId());
                ps.setLong(++i, k.bucketStart());
                ps.setString(++i, e.getKey().action());
                ps.setLong(++i, e.getValue());
                return i;
            });
        }
        // Last: the realm rows are the ones concurrent writers share, so they are held the shortest.
        int stripe = ThreadLocalRandom.current().nextInt(REALM_STRIPES);
        Binder<Map.Entry<Rollup.RealmBucketKey, Long>> dayCount = (ps, i, e) -> {
            ps.setString(++i, e.getKey().realmId());
            ps.setLong(++i, e.getKey().bucketStart());
            ps.setInt(++i, stripe);
            ps.setLong(++i, e.getValue());
            return i;
        };
        upsert(dialect.upsertDayCount(LatestActiveDays.TABLE), latest.dayCounts().entrySet(), dayCount);
        upsert(dialect.upsertDayCount(LatestActiveDays.NEW_TABLE), latest.newDayCounts().entrySet(), dayCount);
        addToRealmRollup(rollup.realmActivity(), rollup.realmActionCounts(), stripe);
        round.flush();
    }

    /**
     * Moves the batch's users' latest active quarter hours forward and answers how the realm days'
     * counts change ({@link LatestActiveDays}). The users' rows are read under a row lock, so a
     * concurrent writer of the same user waits and then reads the day this one leaves them on.
     */
    private LatestActiveDays.Moves moveLatestActivity(Rollup rollup) throws SQLException {
        LatestActiveDays.Moves moves = LatestActiveDays.lockAndPlan(connection, rollup);
        // A plain insert: a concurrent writer that inserted the same user first makes this one fail and run again.
        RowInserts.insert(round, connection, dialect, "OA_USER_LAST_ACTIVE",
                List.of("REALM_ID", "USER_ID", "BUCKET_START", "CREATED_AT"), moves.inserts(), (ps, i, b) -> {
                    i = LATEST_BINDER.bind(ps, i, b);
                    setNullable(ps, ++i, b.createdAt());
                    return i;
                });
        upsert(dialect.upsertLastActive(), moves.moves(), LATEST_BINDER);
        return moves;
    }

    /** A latest-activity row's key and quarter hour; its creation time is written only when it is inserted. */
    private static final Binder<LatestActiveDays.UserBucket> LATEST_BINDER = (ps, i, b) -> {
        ps.setString(++i, b.user().realmId());
        ps.setString(++i, b.user().userId());
        ps.setLong(++i, b.bucketStart());
        return i;
    };

    /** Adds realm quarter-hour counts to the realm roll-ups of every grain, in one stripe. */
    private void addToRealmRollup(Map<Rollup.RealmBucketKey, Rollup.Counts> quarterHours,
                                  Map<Rollup.RealmActionKey, Long> actionQuarterHours, int stripe) throws SQLException {
        for (Grain grain : Grain.values()) {
            upsert(dialect.upsertRealmActivity(grain), Rollup.regrain(quarterHours, grain).entrySet(), (ps, i, e) -> {
                ps.setString(++i, e.getKey().realmId());
                ps.setLong(++i, e.getKey().bucketStart());
                ps.setInt(++i, stripe);
                return bindCounts(ps, i, e.getValue());
            });
            upsert(dialect.upsertRealmActionCount(grain), Rollup.regrainActions(actionQuarterHours, grain).entrySet(), (ps, i, e) -> {
                ps.setString(++i, e.getKey().bucket().realmId());
                ps.setLong(++i, e.getKey().bucket().bucketStart());
                ps.setString(++i, e.getKey().action());
                ps.setInt(++i, stripe);
                ps.setLong(++i, e.getValue());
                return i;
            });
        }
    }

    private static int bindCounts(PreparedStatement ps, int i, Rollup.Counts c) throws SQLException {
        ps.setLong(++i, c.logins());
        ps.setLong(++i, c.failedLogins());
        ps.setLong(++i, c.actions());
        ps.setLong(++i, c.sessionActivity());
        return i;
    }

    /**
     * Runs the one-row upsert {@code singleRow} for every row, in their order: as one statement per
     * chunk of rows, added to the {@link StatementRound}, where the dialect takes several rows in one
     * VALUES list (a parse per chunk, not per row: on MariaDB the statements of a batch's roll-ups,
     * not its inserts, were most of the database's work), else at once as a JDBC batch. Rows must have distinct keys, as the
     * roll-up maps' keys are: PostgreSQL refuses to update one row twice in one statement.
     */
    private <T> void upsert(String singleRow, Collection<T> rows, Binder<T> binder) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        if (!dialect.upsertsManyRows()) {
            try (PreparedStatement ps = connection.prepareStatement(singleRow)) {
                for (T row : rows) {
                    binder.bind(ps, 0, row);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return;
        }
        List<T> all = rows instanceof List<T> list ? list : new ArrayList<>(rows);
        for (int from = 0; from < all.size(); from += INSERT_CHUNK) {
            List<T> chunk = all.subList(from, Math.min(all.size(), from + INSERT_CHUNK));
            round.add(SqlDialect.forRows(singleRow, chunk.size()), (ps, i) -> {
                for (T row : chunk) {
                    i = binder.bind(ps, i, row);
                }
                return i;
            });
        }
    }

    /**
     * Takes a user's roll-ups out of the realm's before the user's rows are deleted, so that the
     * realm totals keep equalling the sum over the remaining users. The user's rows are locked first,
     * as every writer locks user rows before realm rows: no deadlock with a concurrent ingestion.
     */
    public void subtractUserFromRealm(String realmId, String userId) throws SQLException {
        round.discard();
        Map<Rollup.RealmBucketKey, Rollup.Counts> activity = new TreeMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT BUCKET_START, LOGINS, FAILED_LOGINS, ACTIONS,"
                + " SESSION_ACTIVITY FROM OA_USER_ACTIVITY WHERE REALM_ID = ? AND USER_ID = ? FOR UPDATE")) {
            ps.setString(1, realmId);
            ps.setString(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    activity.put(new Rollup.RealmBucketKey(realmId, rs.getLong(1)),
                            Rollup.Counts.negated(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                }
            }
        }
        Map<Rollup.RealmActionKey, Long> actionCounts = new TreeMap<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT BUCKET_START, ACTION, ACTION_COUNT"
                + " FROM OA_USER_ACTION_COUNT WHERE REALM_ID = ? AND USER_ID = ? FOR UPDATE")) {
            ps.setString(1, realmId);
            ps.setString(2, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    actionCounts.put(new Rollup.RealmActionKey(new Rollup.RealmBucketKey(realmId, rs.getLong(1)),
                            rs.getString(2)), -rs.getLong(3));
                }
            }
        }
        // Stripe 0: readers sum over the stripes, so which one carries the subtraction does not matter.
        addToRealmRollup(activity, actionCounts, 0);
        LatestActiveDays.remove(connection, dialect, realmId, userId);
        round.flush();
    }
}
