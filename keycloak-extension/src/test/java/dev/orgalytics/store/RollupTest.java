package dev.orgalytics.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RollupTest {

    private static final long T = Instant.parse("2026-11-22T10:07:00Z").toEpochMilli();

    @Test
    void bucketsAreQuarterHoursOfUtc() {
        assertEquals(Instant.parse("2026-11-22T10:00:00Z").toEpochMilli(), TimeBuckets.bucketStart(T));
        assertEquals(Instant.parse("2026-11-22T10:15:00Z").toEpochMilli(),
                TimeBuckets.bucketStart(Instant.parse("2026-11-22T10:15:00Z").toEpochMilli()));
        assertEquals(Instant.parse("2026-11-22T10:15:00Z").toEpochMilli(),
                TimeBuckets.bucketStart(Instant.parse("2026-11-22T10:29:59.999Z").toEpochMilli()));
        assertEquals(-TimeBuckets.BUCKET_MILLIS, TimeBuckets.bucketStart(-1), "floors before 1970 too");
    }

    @Test
    void loginsAndActionsAggregatePerUserAndBucket() {
        Rollup r = new Rollup();
        r.addLogin("r", "u1", T, true);
        r.addLogin("r", "u1", T + 60_000, true);
        r.addLogin("r", "u1", T + 120_000, false);
        r.addAction("r", "u1", T, "profile_viewed");
        r.addAction("r", "u1", T + 1, "profile_viewed");
        r.addAction("r", "u1", T + TimeBuckets.BUCKET_MILLIS, "job_posted");
        r.addAction("r", "u2", T, "job_posted");

        assertEquals(3, r.activity().size());
        Rollup.Counts u1First = r.activity().get(new Rollup.ActivityKey("r", "u1", TimeBuckets.bucketStart(T)));
        assertEquals(2, u1First.logins());
        assertEquals(1, u1First.failedLogins());
        assertEquals(2, u1First.actions());
        assertEquals(2L, r.actionCounts().get(new Rollup.ActionKey(
                new Rollup.ActivityKey("r", "u1", TimeBuckets.bucketStart(T)), "profile_viewed")));

        Rollup.Totals u1 = r.totals().get(new Rollup.UserKey("r", "u1"));
        assertEquals(2, u1.logins());
        assertEquals(1, u1.failedLogins());
        assertEquals(3, u1.actions());
        assertEquals(T + 60_000, u1.lastLoginAt());
        assertEquals(T + 120_000, u1.lastFailedLoginAt());
        assertEquals(T + TimeBuckets.BUCKET_MILLIS, u1.lastActionAt());
        assertEquals(T + TimeBuckets.BUCKET_MILLIS, u1.lastActiveAt());
        Rollup.Totals u2 = r.totals().get(new Rollup.UserKey("r", "u2"));
        assertNull(u2.lastLoginAt(), "no login: the stored time must stay as it is");
        assertEquals(T, u2.lastActiveAt());

        Rollup failedOnly = new Rollup();
        failedOnly.addLogin("r", "u3", T, false);
        assertNull(failedOnly.totals().get(new Rollup.UserKey("r", "u3")).lastActiveAt(), "a failed login is not activity");
    }

    @Test
    void latestTimeWinsWhateverTheOrder() {
        Rollup r = new Rollup();
        r.addLogin("r", "u", T + 5, true);
        r.addLogin("r", "u", T, true);
        assertEquals(T + 5, r.totals().get(new Rollup.UserKey("r", "u")).lastLoginAt());
    }

    @Test
    void keysComeOutInOneGlobalOrder() {
        Rollup r = new Rollup();
        r.addAction("r", "u2", T, "b");
        r.addAction("r", "u1", T + TimeBuckets.BUCKET_MILLIS, "a");
        r.addAction("r", "u1", T, "b");
        r.addAction("r", "u1", T, "a");
        List<Rollup.ActionKey> keys = new ArrayList<>(r.actionCounts().keySet());
        List<Rollup.ActionKey> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        assertEquals(sorted, keys);
        assertEquals("u1", keys.get(0).activity().userId());
        assertEquals("a", keys.get(0).action());
        assertTrue(r.activity().firstKey().compareTo(r.activity().lastKey()) < 0);
    }

    /** Each organization an event is attributed to gets its counts; a failed login is no activity, so no latest time. */
    @Test
    void organizationsGetTheirAttributedCountsAndLatestActivity() {
        Rollup r = new Rollup();
        r.addLogin("r", "u1", T, true, List.of("acme", "globex"));
        r.addLogin("r", "u1", T + 60_000, false, List.of("acme"));
        r.addAction("r", "u1", T + 120_000, "job_posted", List.of("globex"));
        r.addAction("r", "u1", T + TimeBuckets.BUCKET_MILLIS, "job_posted", List.of("globex"));
        r.addAction("r", "u2", T, "job_posted", List.of());

        long day = Grain.DAY.bucketStart(T);
        var byDay = r.orgActivity(Grain.DAY);
        assertEquals(List.of("acme", "globex"), byDay.keySet().stream().map(Rollup.OrgActivityKey::organizationId).toList());
        Rollup.Counts acme = byDay.get(new Rollup.OrgActivityKey("r", "acme", "u1", day));
        assertEquals(List.of(1L, 1L, 0L), List.of(acme.logins(), acme.failedLogins(), acme.actions()));
        assertEquals(T, acme.lastActiveAt(), "the failed login a minute later is not activity");
        Rollup.Counts globex = byDay.get(new Rollup.OrgActivityKey("r", "globex", "u1", day));
        assertEquals(List.of(1L, 0L, 2L), List.of(globex.logins(), globex.failedLogins(), globex.actions()));
        assertEquals(T + TimeBuckets.BUCKET_MILLIS, globex.lastActiveAt());
        assertEquals(3, r.orgActivity(Grain.QUARTER_HOUR).size());
        assertEquals(java.util.Map.of(new Rollup.OrgActionKey(new Rollup.OrgActivityKey("r", "globex", "u1", day), "job_posted"), 2L),
                r.orgActionCounts(Grain.DAY));
        // Without organizations nothing is attributed, and the user's own roll-ups are unchanged.
        assertEquals(2, r.activity().keySet().stream().filter(k -> k.userId().equals("u1")).count());
        assertEquals(3, r.totals().get(new Rollup.UserKey("r", "u1")).logins() + r.totals().get(new Rollup.UserKey("r", "u1")).actions());
    }

    @Test
    void sessionActivityMakesItsUserActiveWithoutALogin() {
        Rollup r = new Rollup();
        r.addSessionActivity("r", "u1", T, List.of("org-1"));
        r.addSessionActivity("r", "u1", T + 60_000, List.of("org-1"));
        Rollup.Counts q = r.activity().get(new Rollup.ActivityKey("r", "u1", TimeBuckets.bucketStart(T)));
        assertEquals(2, q.sessionActivity());
        assertEquals(0, q.logins());
        Rollup.Totals t = r.totals().get(new Rollup.UserKey("r", "u1"));
        assertEquals(0, t.logins());
        assertNull(t.lastLoginAt(), "a refresh is no login");
        assertEquals(T + 60_000, t.lastActiveAt());
        Rollup.Counts org = r.orgActivity(Grain.DAY).values().iterator().next();
        assertEquals(2, org.sessionActivity());
        assertEquals(T + 60_000, org.lastActiveAt());
        assertEquals(2, r.realmActivity().values().iterator().next().sessionActivity());
    }
}
