package dev.orgalytics.it;

import static dev.orgalytics.it.Fixtures.count;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * A roll-up retention shorter than a month on the real server: the job removes the buckets that
 * ended before the cut-off and keeps the ones holding it, so this month's and today's numbers stay
 * exact (a retention of up to 30 days used to delete the current month's rows on some day of it).
 */
class RollupRetentionIT {

    @Test
    void oneDayRollupRetentionKeepsTodayAndThisMonthExact() {
        Fixtures.Realm realm = Fixtures.realm("retention");
        String userId = realm.user("rita");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Instant> times = List.of(now.minus(1, ChronoUnit.MINUTES), now.minus(2, ChronoUnit.DAYS),
                now.minus(5, ChronoUnit.DAYS));
        List<Map<String, Object>> actions = new ArrayList<>();
        times.forEach(t -> actions.add(Map.of("action", "job_posted", "occurredAt", t.toString())));
        Http.Response posted = Http.send("POST", realm.actionsUrl(), realm.token("rita"), Map.of("actions", actions));
        assertEquals(202, posted.status(), posted.body());

        Instant monthStart = now.atOffset(ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant();
        Instant dayStart = now.truncatedTo(ChronoUnit.DAYS);
        long fiveDaysAgo = times.get(2).truncatedTo(ChronoUnit.DAYS).toEpochMilli();
        long thisMonth = times.stream().filter(t -> !t.isBefore(monthStart)).count();
        long today = times.stream().filter(t -> !t.isBefore(dayStart)).count();

        KeycloakServer server = KeycloakServer.get();
        server.restartWith("--spi-jpa-entity-provider-org-analytics-rollup-retention-days=1",
                "--spi-jpa-entity-provider-org-analytics-retention-interval-seconds=2");
        try {
            Fixtures.await("the retention job removing the day bucket of five days ago", Duration.ofSeconds(60),
                    () -> count("SELECT COUNT(*) FROM OA_USER_ACTIVITY_DAY WHERE USER_ID = ? AND BUCKET_START = ?",
                            userId, fiveDaysAgo) == 0);
            assertEquals(thisMonth, count("SELECT COALESCE(SUM(ACTIONS), 0) FROM OA_USER_ACTIVITY_MONTH"
                    + " WHERE USER_ID = ? AND BUCKET_START = ?", userId, monthStart.toEpochMilli()), "user's month");
            assertEquals(thisMonth, count("SELECT COALESCE(SUM(ACTIONS), 0) FROM OA_REALM_ACTIVITY_MONTH"
                    + " WHERE REALM_ID = ? AND BUCKET_START = ?", realm.id(), monthStart.toEpochMilli()), "realm's month");
            assertEquals(today, count("SELECT COALESCE(SUM(ACTIONS), 0) FROM OA_USER_ACTIVITY_DAY"
                    + " WHERE USER_ID = ? AND BUCKET_START = ?", userId, dayStart.toEpochMilli()), "user's day");

            String api = "/admin/realms/" + realm.name() + "/org-analytics/summary?tz=UTC&to=" + Instant.now();
            assertEquals(thisMonth, realm.admin().getJson(api + "&from=" + monthStart).ok("month").json().path("actions").asLong(),
                    "this month's summary");
            assertEquals(today, realm.admin().getJson(api + "&from=" + dayStart).ok("today").json().path("actions").asLong(),
                    "today's summary");
        } finally {
            server.restartWith();
        }
    }
}
