package dev.orgalytics.store;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The roll-up increments a batch of raw events adds, aggregated in memory first so that a batch of
 * 500 logins of one user becomes one row update instead of 500. Keys are sorted so that every
 * writer touches rows in the same order, which keeps concurrent upserts free of deadlocks.
 */
public final class Rollup {

    /** One user in one 15-minute bucket. */
    public record ActivityKey(String realmId, String userId, long bucketStart) implements Comparable<ActivityKey> {
        @Override
        public int compareTo(ActivityKey o) {
            int c = realmId.compareTo(o.realmId);
            if (c == 0) c = userId.compareTo(o.userId);
            return c != 0 ? c : Long.compare(bucketStart, o.bucketStart);
        }
    }

    /** One user, one bucket, one action name. */
    public record ActionKey(ActivityKey activity, String action) implements Comparable<ActionKey> {
        @Override
        public int compareTo(ActionKey o) {
            int c = activity.compareTo(o.activity);
            return c != 0 ? c : action.compareTo(o.action);
        }
    }

    /** One user, all time. */
    public record UserKey(String realmId, String userId) implements Comparable<UserKey> {
        @Override
        public int compareTo(UserKey o) {
            int c = realmId.compareTo(o.realmId);
            return c != 0 ? c : userId.compareTo(o.userId);
        }
    }

    /** One realm in one 15-minute bucket: the sum over its users. */
    public record RealmBucketKey(String realmId, long bucketStart) implements Comparable<RealmBucketKey> {
        @Override
        public int compareTo(RealmBucketKey o) {
            int c = realmId.compareTo(o.realmId);
            return c != 0 ? c : Long.compare(bucketStart, o.bucketStart);
        }
    }

    /** One realm, one bucket, one action name. */
    public record RealmActionKey(RealmBucketKey bucket, String action) implements Comparable<RealmActionKey> {
        @Override
        public int compareTo(RealmActionKey o) {
            int c = bucket.compareTo(o.bucket);
            return c != 0 ? c : action.compareTo(o.action);
        }
    }

    /** One user's activity attributed to one organization, in one bucket. */
    public record OrgActivityKey(String realmId, String organizationId, String userId, long bucketStart)
            implements Comparable<OrgActivityKey> {
        @Override
        public int compareTo(OrgActivityKey o) {
            int c = realmId.compareTo(o.realmId);
            if (c == 0) c = organizationId.compareTo(o.organizationId);
            if (c == 0) c = userId.compareTo(o.userId);
            return c != 0 ? c : Long.compare(bucketStart, o.bucketStart);
        }

        OrgActivityKey regrained(Grain grain) {
            return new OrgActivityKey(realmId, organizationId, userId, grain.bucketStart(bucketStart));
        }
    }

    /** One organization's user, bucket and action name. */
    public record OrgActionKey(OrgActivityKey activity, String action) implements Comparable<OrgActionKey> {
        @Override
        public int compareTo(OrgActionKey o) {
            int c = activity.compareTo(o.activity);
            return c != 0 ? c : action.compareTo(o.action);
        }
    }

    /** Counts added to one activity row, and the latest time its user was active among them (null: none). */
    public static final class Counts {
        long logins;
        long failedLogins;
        long actions;
        long sessionActivity;
        Long lastActiveAt;

        public long logins() { return logins; }
        public long failedLogins() { return failedLogins; }
        public long actions() { return actions; }
        /** Marks of session use (token refreshes, code exchanges): active, though neither a login nor an action. */
        public long sessionActivity() { return sessionActivity; }
        /** Kept only in the organizations' rows, which answer "last activity" of a range. */
        public Long lastActiveAt() { return lastActiveAt; }

        void add(Counts other) {
            logins += other.logins;
            failedLogins += other.failedLogins;
            actions += other.actions;
            sessionActivity += other.sessionActivity;
            if (other.lastActiveAt != null) {
                lastActiveAt = max(lastActiveAt, other.lastActiveAt);
            }
        }

        /** Counts to take away (a deleted user's). */
        static Counts negated(long logins, long failedLogins, long actions, long sessionActivity) {
            Counts c = new Counts();
            c.logins = -logins;
            c.failedLogins = -failedLogins;
            c.actions = -actions;
            c.sessionActivity = -sessionActivity;
            return c;
        }
    }

    /** Counts and latest times added to one user's all-time totals; a null time means "no change". */
    public static final class Totals {
        long logins;
        long failedLogins;
        long actions;
        Long lastLoginAt;
        Long lastFailedLoginAt;
        Long lastActionAt;
        Long lastActiveAt;

        public long logins() { return logins; }
        public long failedLogins() { return failedLogins; }
        public long actions() { return actions; }
        public Long lastLoginAt() { return lastLoginAt; }
        public Long lastFailedLoginAt() { return lastFailedLoginAt; }
        public Long lastActionAt() { return lastActionAt; }
        /**
         * The latest successful login, action or session use: what "active" means everywhere in the
         * product (set here, in {@link #addLogin}, {@link #addAction} and {@link #addSessionActivity}).
         */
        public Long lastActiveAt() { return lastActiveAt; }
    }

    private final SortedMap<ActivityKey, Counts> activity = new TreeMap<>();
    private final SortedMap<ActionKey, long[]> actionCounts = new TreeMap<>();
    private final SortedMap<UserKey, Totals> totals = new TreeMap<>();
    private final SortedMap<OrgActivityKey, Counts> orgActivity = new TreeMap<>();
    private final SortedMap<OrgActionKey, long[]> orgActionCounts = new TreeMap<>();

    public void addLogin(String realmId, String userId, long time, boolean success) {
        addLogin(realmId, userId, time, success, List.of());
    }

    /** A login or failed login of {@code userId}, attributed to {@code organizationIds} (maybe none). */
    public void addLogin(String realmId, String userId, long time, boolean success, List<String> organizationIds) {
        long bucket = TimeBuckets.bucketStart(time);
        Counts c = activity.computeIfAbsent(new ActivityKey(realmId, userId, bucket), k -> new Counts());
        Totals t = totals.computeIfAbsent(new UserKey(realmId, userId), k -> new Totals());
        if (success) {
            c.logins++;
            t.logins++;
            t.lastLoginAt = max(t.lastLoginAt, time);
            t.lastActiveAt = max(t.lastActiveAt, time);
        } else {
            c.failedLogins++;
            t.failedLogins++;
            t.lastFailedLoginAt = max(t.lastFailedLoginAt, time);
        }
        for (String org : organizationIds) {
            Counts o = orgActivity.computeIfAbsent(new OrgActivityKey(realmId, org, userId, bucket), k -> new Counts());
            if (success) {
                o.logins++;
                o.lastActiveAt = max(o.lastActiveAt, time);
            } else {
                o.failedLogins++;
            }
        }
    }

    /**
     * Session activity of {@code userId} (a token refresh or code exchange), attributed to
     * {@code organizationIds}: the user is active in that quarter hour and their latest activity
     * moves, but no login is counted.
     */
    public void addSessionActivity(String realmId, String userId, long time, List<String> organizationIds) {
        long bucket = TimeBuckets.bucketStart(time);
        activity.computeIfAbsent(new ActivityKey(realmId, userId, bucket), k -> new Counts()).sessionActivity++;
        Totals t = totals.computeIfAbsent(new UserKey(realmId, userId), k -> new Totals());
        t.lastActiveAt = max(t.lastActiveAt, time);
        for (String org : organizationIds) {
            Counts o = orgActivity.computeIfAbsent(new OrgActivityKey(realmId, org, userId, bucket), k -> new Counts());
            o.sessionActivity++;
            o.lastActiveAt = max(o.lastActiveAt, time);
        }
    }

    public void addAction(String realmId, String userId, long time, String action) {
        addAction(realmId, userId, time, action, List.of());
    }

    /** An action of {@code userId}, attributed to {@code organizationIds} (maybe none). */
    public void addAction(String realmId, String userId, long time, String action, List<String> organizationIds) {
        ActivityKey key = new ActivityKey(realmId, userId, TimeBuckets.bucketStart(time));
        activity.computeIfAbsent(key, k -> new Counts()).actions++;
        actionCounts.computeIfAbsent(new ActionKey(key, action), k -> new long[1])[0]++;
        Totals t = totals.computeIfAbsent(new UserKey(realmId, userId), k -> new Totals());
        t.actions++;
        t.lastActionAt = max(t.lastActionAt, time);
        t.lastActiveAt = max(t.lastActiveAt, time);
        for (String org : organizationIds) {
            OrgActivityKey orgKey = new OrgActivityKey(realmId, org, userId, key.bucketStart());
            Counts o = orgActivity.computeIfAbsent(orgKey, k -> new Counts());
            o.actions++;
            o.lastActiveAt = max(o.lastActiveAt, time);
            orgActionCounts.computeIfAbsent(new OrgActionKey(orgKey, action), k -> new long[1])[0]++;
        }
    }

    /** The organizations' activity summed into buckets of {@code grain}, sorted (one lock order for every writer). */
    public SortedMap<OrgActivityKey, Counts> orgActivity(Grain grain) {
        SortedMap<OrgActivityKey, Counts> out = new TreeMap<>();
        orgActivity.forEach((k, c) -> out.computeIfAbsent(k.regrained(grain), x -> new Counts()).add(c));
        return out;
    }

    /** The organizations' action counts summed into buckets of {@code grain}. */
    public SortedMap<OrgActionKey, Long> orgActionCounts(Grain grain) {
        SortedMap<OrgActionKey, Long> out = new TreeMap<>();
        orgActionCounts.forEach((k, v) -> out.merge(new OrgActionKey(k.activity().regrained(grain), k.action()), v[0], Long::sum));
        return out;
    }

    public boolean isEmpty() {
        return activity.isEmpty();
    }

    public SortedMap<ActivityKey, Counts> activity() {
        return Collections.unmodifiableSortedMap(activity);
    }

    /**
     * The activity summed into buckets of {@code grain}: quarter hours as added, or their sums per
     * UTC day or month. Sorted like the quarter hours, so writers still lock rows in one order.
     */
    public SortedMap<ActivityKey, Counts> activity(Grain grain) {
        if (grain == Grain.QUARTER_HOUR) {
            return activity();
        }
        SortedMap<ActivityKey, Counts> out = new TreeMap<>();
        activity.forEach((k, c) -> out.computeIfAbsent(new ActivityKey(k.realmId(), k.userId(),
                grain.bucketStart(k.bucketStart())), x -> new Counts()).add(c));
        return out;
    }

    /** The action counts summed into buckets of {@code grain}. */
    public Map<ActionKey, Long> actionCounts(Grain grain) {
        SortedMap<ActionKey, Long> out = new TreeMap<>();
        actionCounts.forEach((k, v) -> {
            ActivityKey a = k.activity();
            out.merge(new ActionKey(new ActivityKey(a.realmId(), a.userId(), grain.bucketStart(a.bucketStart())), k.action()),
                    v[0], Long::sum);
        });
        return out;
    }

    public Map<ActionKey, Long> actionCounts() {
        SortedMap<ActionKey, Long> out = new TreeMap<>();
        actionCounts.forEach((k, v) -> out.put(k, v[0]));
        return out;
    }

    /** The users' quarter hours summed per realm (what {@code OA_REALM_ACTIVITY} adds up). */
    public SortedMap<RealmBucketKey, Counts> realmActivity() {
        SortedMap<RealmBucketKey, Counts> out = new TreeMap<>();
        activity.forEach((k, c) -> out.computeIfAbsent(new RealmBucketKey(k.realmId(), k.bucketStart()), x -> new Counts()).add(c));
        return out;
    }

    /** The users' action counts summed per realm and quarter hour. */
    public SortedMap<RealmActionKey, Long> realmActionCounts() {
        SortedMap<RealmActionKey, Long> out = new TreeMap<>();
        actionCounts.forEach((k, v) -> out.merge(new RealmActionKey(new RealmBucketKey(k.activity().realmId(),
                k.activity().bucketStart()), k.action()), v[0], Long::sum));
        return out;
    }

    /** Realm quarter-hour counts summed into buckets of {@code grain}. */
    public static SortedMap<RealmBucketKey, Counts> regrain(Map<RealmBucketKey, Counts> quarterHours, Grain grain) {
        SortedMap<RealmBucketKey, Counts> out = new TreeMap<>();
        quarterHours.forEach((k, c) -> out.computeIfAbsent(new RealmBucketKey(k.realmId(), grain.bucketStart(k.bucketStart())),
                x -> new Counts()).add(c));
        return out;
    }

    /** Realm quarter-hour action counts summed into buckets of {@code grain}. */
    public static SortedMap<RealmActionKey, Long> regrainActions(Map<RealmActionKey, Long> quarterHours, Grain grain) {
        SortedMap<RealmActionKey, Long> out = new TreeMap<>();
        quarterHours.forEach((k, v) -> out.merge(new RealmActionKey(new RealmBucketKey(k.bucket().realmId(),
                grain.bucketStart(k.bucket().bucketStart())), k.action()), v, Long::sum));
        return out;
    }

    public SortedMap<UserKey, Totals> totals() {
        return Collections.unmodifiableSortedMap(totals);
    }

    private static Long max(Long current, long candidate) {
        return current == null || candidate > current ? candidate : current;
    }
}
