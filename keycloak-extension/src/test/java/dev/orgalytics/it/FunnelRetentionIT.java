package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Funnels and retention cohorts against the real Keycloak, from actions a recorder posts for the
 * users with their {@code occurredAt} in the past. Keycloak runs with {@code max-age-days=120} for
 * this class, so the cohorts can lie in the last two calendar months before this one.
 *
 * <p>Funnel job_posted, profile_viewed, interview_scheduled, from T0 (ten days ago, 10:00 UTC):
 * <pre>
 * fn1 posted T0, viewed T0+1h, scheduled T0+2h                          acme
 * fn2 posted T0, viewed T0+1h, scheduled T0+2d (exactly at a 2-day window's edge)   group Team
 * fn3 posted T0, viewed T0+1h, scheduled T0+2d+1s                       acme
 * fn4 viewed T0-1h, posted T0, scheduled T0+1h (no view after posting)
 * fn5 posted T0, viewed T0+1d                                           group Team
 * fn6 posted T0 and T0+3d, viewed T0+3d+1h, scheduled T0+3d+2h (a 2-day window from T0 is over)
 * fn7 scheduled T0+1h, viewed T0+2h, posted T0+3h (the wrong order)
 * </pre>
 *
 * <p>Retention by month in a realm of its own, A and B the two months before this one, in New York
 * (UTC-4 or -5):
 * <pre>
 * rt1 B's 1st 02:00 UTC (New York: A's last evening), B's 10th          acme
 * rt2 A's 15th
 * rt3 B's 1st 06:00 UTC (New York: B's 1st)                             acme
 * rt4 3 days before A, A's 20th, B's 5th (active before the range: in no cohort)
 * </pre>
 */
class FunnelRetentionIT {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Fixtures.Realm realm;
    private static String api;
    /** The cohorts' own realm: the funnel's users, new ten days ago, would be a cohort of their own. */
    private static Fixtures.Realm cohorts;
    private static Instant t0;
    private static LocalDate monthA;
    private static final Map<String, String> IDS = new HashMap<>();

    @BeforeAll
    static void seed() {
        KeycloakServer.get().restartWith("--spi-realm-restapi-extension-org-analytics-max-age-days=120");
        realm = Fixtures.realm("funnel");
        api = "/admin/realms/" + realm.name() + "/org-analytics";
        AdminClient admin = realm.admin();
        admin.postJson("/admin/realms/" + realm.name() + "/groups", Map.of("name", "Team")).ok("group");
        String team = admin.getJson("/admin/realms/" + realm.name() + "/group-by-path/Team").ok("path").json().path("id").asText();
        for (String name : List.of("fn1", "fn2", "fn3", "fn4", "fn5", "fn6", "fn7")) {
            IDS.put(name, realm.user(name));
        }
        cohorts = Fixtures.realm("cohorts");
        for (String name : List.of("rt1", "rt2", "rt3", "rt4")) {
            IDS.put(name, cohorts.user(name));
        }
        for (String name : List.of("fn2", "fn5")) {
            admin.putJson("/admin/realms/" + realm.name() + "/users/" + IDS.get(name) + "/groups/" + team, null).ok("join");
        }
        // Members before they act, so their actions are attributed to Acme.
        Fixtures.enableOrganizations(realm);
        String acme = Fixtures.organization(realm, "Acme", "acme");
        for (String name : List.of("fn1", "fn3")) {
            Fixtures.joinOrganization(realm, acme, IDS.get(name));
        }
        Fixtures.enableOrganizations(cohorts);
        String cohortsAcme = Fixtures.organization(cohorts, "Acme", "acme");
        for (String name : List.of("rt1", "rt3")) {
            Fixtures.joinOrganization(cohorts, cohortsAcme, IDS.get(name));
        }

        t0 = LocalDate.now(ZoneOffset.UTC).minusDays(10).atTime(10, 0).toInstant(ZoneOffset.UTC);
        Duration h = Duration.ofHours(1), d = Duration.ofDays(1);
        List<Map<String, Object>> actions = new ArrayList<>();
        for (String f : List.of("fn1", "fn2", "fn3")) {
            add(actions, f, "job_posted", t0);
            add(actions, f, "profile_viewed", t0.plus(h));
        }
        add(actions, "fn1", "interview_scheduled", t0.plus(h.multipliedBy(2)));
        add(actions, "fn2", "interview_scheduled", t0.plus(d.multipliedBy(2)));
        add(actions, "fn3", "interview_scheduled", t0.plus(d.multipliedBy(2)).plusSeconds(1));
        add(actions, "fn4", "profile_viewed", t0.minus(h));
        add(actions, "fn4", "job_posted", t0);
        add(actions, "fn4", "interview_scheduled", t0.plus(h));
        add(actions, "fn5", "job_posted", t0);
        add(actions, "fn5", "profile_viewed", t0.plus(d));
        add(actions, "fn6", "job_posted", t0);
        add(actions, "fn6", "job_posted", t0.plus(d.multipliedBy(3)));
        add(actions, "fn6", "profile_viewed", t0.plus(d.multipliedBy(3)).plus(h));
        add(actions, "fn6", "interview_scheduled", t0.plus(d.multipliedBy(3)).plus(h.multipliedBy(2)));
        add(actions, "fn7", "interview_scheduled", t0.plus(h));
        add(actions, "fn7", "profile_viewed", t0.plus(h.multipliedBy(2)));
        add(actions, "fn7", "job_posted", t0.plus(h.multipliedBy(3)));

        Http.Response r = Http.send("POST", realm.actionsUrl(), Fixtures.recorderToken(realm, "backend"), Map.of("actions", actions));
        assertEquals(202, r.status(), r.body());

        actions.clear();
        monthA = LocalDate.now(NEW_YORK).withDayOfMonth(1).minusMonths(2);
        LocalDate monthB = monthA.plusMonths(1);
        add(actions, "rt1", "profile_viewed", utc(monthB, 2));
        add(actions, "rt1", "profile_viewed", utc(monthB.plusDays(9), 15));
        add(actions, "rt2", "profile_viewed", utc(monthA.plusDays(14), 15));
        add(actions, "rt3", "profile_viewed", utc(monthB, 6));
        add(actions, "rt4", "profile_viewed", utc(monthA.minusDays(3), 15));
        add(actions, "rt4", "profile_viewed", utc(monthA.plusDays(19), 15));
        add(actions, "rt4", "profile_viewed", utc(monthB.plusDays(4), 15));
        r = Http.send("POST", cohorts.actionsUrl(), Fixtures.recorderToken(cohorts, "backend"), Map.of("actions", actions));
        assertEquals(202, r.status(), r.body());
    }

    @AfterAll
    static void restoreOptions() {
        KeycloakServer.get().restartWith();
    }

    private static Instant utc(LocalDate day, int hour) {
        return day.atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }

    private static void add(List<Map<String, Object>> actions, String user, String action, Instant at) {
        actions.add(Map.of("action", action, "occurredAt", at.toString(), "userId", IDS.get(user)));
    }

    private static JsonNode get(String pathAndQuery) {
        return realm.admin().getJson(api + pathAndQuery).ok(pathAndQuery).json();
    }

    private static JsonNode getCohorts(String pathAndQuery) {
        String path = "/admin/realms/" + cohorts.name() + "/org-analytics" + pathAndQuery;
        return cohorts.admin().getJson(path).ok(pathAndQuery).json();
    }

    /** The funnel's range: T0's day (UTC), the day before it too. */
    private static String funnel(String more) {
        LocalDate day = LocalDate.ofInstant(t0, ZoneOffset.UTC);
        return "/insights/funnel?steps=job_posted,profile_viewed,interview_scheduled&from=" + day.minusDays(1) + "&to=" + day + more;
    }

    private static List<Long> users(JsonNode steps) {
        List<Long> out = new ArrayList<>();
        steps.forEach(s -> out.add(s.path("users").asLong()));
        return out;
    }

    @Test
    void funnelCountsStepsInOrderWithinTheWindowEdgeIncluded() {
        JsonNode two = get(funnel("&windowDays=2"));
        assertEquals(2, two.path("windowDays").asInt());
        assertEquals(LocalDate.ofInstant(t0, ZoneOffset.UTC).toString(), two.path("to").asText());
        List<String> actions = new ArrayList<>();
        two.path("steps").forEach(step -> actions.add(step.path("action").asText()));
        assertEquals(List.of("job_posted", "profile_viewed", "interview_scheduled"), actions);
        // fn2's step exactly at the edge counts, fn3's a second later does not; fn4, fn6 and fn7 stop at step 1.
        assertEquals(List.of(7L, 4L, 2L), users(two.path("steps")));
        assertEquals(List.of(1.0, 4.0 / 7, 2.0 / 7), conversions(two.path("steps")));
        // Later steps are read past `to` (T0's day): fn2 and fn3 schedule two days after it.
        // The default window of 14 days: fn3 and fn6 get through too.
        JsonNode fourteen = get(funnel(""));
        assertEquals(14, fourteen.path("windowDays").asInt());
        assertEquals(List.of(7L, 5L, 4L), users(fourteen.path("steps")));
        assertEquals(List.of(2L, 2L, 1L), users(get(funnel("&windowDays=2&organization=acme")).path("steps")), "fn1 and fn3");
        assertEquals(List.of(2L, 2L, 1L), users(get(funnel("&windowDays=2&group=/Team")).path("steps")), "fn2 and fn5");
        // A range without a start: nobody, and conversions of 0.
        JsonNode none = get("/insights/funnel?steps=job_posted,profile_viewed&from=2026-01-01&to=2026-01-02");
        assertEquals(List.of(0L, 0L), users(none.path("steps")));
        assertEquals(List.of(0.0, 0.0), conversions(none.path("steps")));
    }

    private static List<Double> conversions(JsonNode steps) {
        List<Double> out = new ArrayList<>();
        steps.forEach(s -> out.add(s.path("conversion").asDouble()));
        return out;
    }

    @Test
    void usersStoppedAtAStepPagedAndAsCsv() throws Exception {
        JsonNode viewed = get(funnel("&windowDays=2&stoppedAt=profile_viewed"));
        assertEquals(List.of("fn3", "fn5"), JsonLists.usernames(viewed.path("users")), "the longest stopped first");
        assertEquals(2, viewed.path("total").asLong());
        assertEquals("profile_viewed", viewed.path("stoppedAt").asText());
        assertEquals(List.of(7L, 4L, 2L), users(viewed.path("steps")), "the counts beside the list");
        JsonNode fn5 = viewed.path("users").get(1);
        assertEquals(IDS.get("fn5"), fn5.path("userId").asText());
        assertEquals(t0, OffsetDateTime.parse(fn5.path("startedAt").asText()).toInstant());
        assertEquals(t0.plus(Duration.ofDays(1)), OffsetDateTime.parse(fn5.path("reachedAt").asText()).toInstant());

        JsonNode page = get(funnel("&windowDays=2&stoppedAt=profile_viewed&first=1&max=1"));
        assertEquals(List.of("fn5"), JsonLists.usernames(page.path("users")));
        assertEquals(2, page.path("total").asLong());
        assertEquals(1, page.path("first").asInt());
        assertEquals(1, page.path("max").asInt());

        JsonNode posted = get(funnel("&windowDays=2&stoppedAt=job_posted"));
        assertEquals(List.of("fn4", "fn6", "fn7"), JsonLists.usernames(posted.path("users")));
        List<CSVRecord> rows = csv(funnel("&windowDays=2&stoppedAt=job_posted&format=csv&max=1"));
        assertEquals(3, rows.size(), "max is ignored by exports");
        assertEquals(List.of("userId", "username", "email", "firstName", "lastName", "startedAt", "reachedAt"),
                rows.get(0).getParser().getHeaderNames());
        for (int i = 0; i < rows.size(); i++) {
            for (String column : rows.get(0).getParser().getHeaderNames()) {
                JsonNode cell = posted.path("users").get(i).path(column);
                assertEquals(cell.isNull() ? "" : cell.asText(), rows.get(i).get(column), "row " + i + " " + column);
            }
        }
        assertEquals(t0.plus(Duration.ofHours(3)), OffsetDateTime.parse(rows.get(2).get("reachedAt")).toInstant(),
                "fn7 started at T0+3h");

        List<CSVRecord> counts = csv(funnel("&windowDays=2&format=csv"));
        assertEquals(List.of("action", "users", "conversion"), counts.get(0).getParser().getHeaderNames());
        assertEquals(List.of("job_posted,7,1.0", "profile_viewed,4," + (4.0 / 7), "interview_scheduled,2," + (2.0 / 7)),
                counts.stream().map(c -> String.join(",", c.values())).toList());
    }

    /**
     * In New York, rt1's first action (B's 1st, 02:00 UTC) is on A's last evening: A's cohort is rt1
     * and rt2, of whom rt1 comes back in B; B's is rt3. In UTC rt1 belongs to B. rt4 was active before
     * the range: in no cohort.
     */
    @Test
    void cohortsByMonthAcrossTheMonthBoundaryInTheZone() throws Exception {
        String range = "&from=" + monthA + "&to=" + monthA.plusMonths(2).minusDays(1);
        JsonNode ny = getCohorts("/insights/retention?interval=month&tz=America/New_York" + range);
        assertEquals("month", ny.path("interval").asText());
        assertEquals("America/New_York", ny.path("tz").asText());
        assertEquals(List.of(cohort(monthA, NEW_YORK, 2, List.of(2L, 1L), List.of(1.0, 0.5)),
                cohort(monthA.plusMonths(1), NEW_YORK, 1, List.of(1L), List.of(1.0))), cohorts(ny));
        JsonNode utc = getCohorts("/insights/retention?interval=month" + range);
        assertEquals(List.of(cohort(monthA, ZoneOffset.UTC, 1, List.of(1L, 0L), List.of(1.0, 0.0)),
                cohort(monthA.plusMonths(1), ZoneOffset.UTC, 2, List.of(2L), List.of(1.0))), cohorts(utc));
        JsonNode acme = getCohorts("/insights/retention?interval=month&tz=America/New_York&organization=acme" + range);
        assertEquals(List.of(cohort(monthA, NEW_YORK, 1, List.of(1L, 1L), List.of(1.0, 1.0)),
                cohort(monthA.plusMonths(1), NEW_YORK, 1, List.of(1L), List.of(1.0))), cohorts(acme));

        List<CSVRecord> rows = csv("/admin/realms/" + cohorts.name()
                + "/org-analytics/insights/retention?interval=month&tz=America/New_York&format=csv" + range);
        assertEquals(List.of("cohortStart", "period", "periodStart", "users", "retained", "rate"), rows.get(0).getParser().getHeaderNames());
        String a = ny.path("cohorts").get(0).path("start").asText(), b = ny.path("cohorts").get(1).path("start").asText();
        assertEquals(List.of(a + ",0," + a + ",2,2,1.0", a + ",1," + b + ",2,1,0.5", b + ",0," + b + ",1,1,1.0"),
                rows.stream().map(c -> String.join(",", c.values())).toList());
    }

    private static String cohort(LocalDate month, ZoneId zone, long users, List<Long> retained, List<Double> rates) {
        return month.atStartOfDay(zone).toInstant() + " " + users + " " + retained + " " + rates;
    }

    private static List<String> cohorts(JsonNode answer) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : answer.path("cohorts")) {
            List<Long> retained = new ArrayList<>();
            c.path("retained").forEach(n -> retained.add(n.asLong()));
            List<Double> rates = new ArrayList<>();
            c.path("rates").forEach(n -> rates.add(n.asDouble()));
            Instant start = OffsetDateTime.parse(c.path("start").asText()).toInstant();
            out.add(start + " " + c.path("users").asLong() + " " + retained + " " + rates);
        }
        return out;
    }

    /** A CSV download of {@code pathAndQuery} under the funnel realm's API, or a whole admin path. */
    private static List<CSVRecord> csv(String pathAndQuery) throws Exception {
        String path = pathAndQuery.startsWith("/admin/") ? pathAndQuery : api + pathAndQuery;
        Http.Response r = Http.send("GET", KeycloakServer.get().baseUrl() + path, Fixtures.masterAdminToken(), null);
        assertEquals(200, r.status(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
        return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(new StringReader(r.body())).getRecords();
    }

    @Test
    void badParametersAnswer400WithTheirMessage() {
        Map<String, String> bad = Map.of(
                "/insights/funnel?steps=job_posted", "'steps' must name 2 to 10 actions, comma-separated",
                "/insights/funnel?steps=a,b,a", "'steps' must name each action once",
                "/insights/funnel?steps=a,B", "'steps' must be action names such as job_posted,profile_viewed, comma-separated",
                "/insights/funnel?steps=a,b&windowDays=366", "'windowDays' must be between 1 and 365",
                "/insights/funnel?steps=a,b&stoppedAt=b", "'stoppedAt' must be one of the steps other than the last",
                "/insights/retention?interval=week&from=2025-01-01&to=2026-01-31",
                "A retention table by week spans at most 53 periods; this range has 57");
        bad.forEach((query, message) -> {
            Http.Response r = realm.admin().getJson(api + query);
            assertEquals(400, r.status(), query + " -> " + r.body());
            assertEquals("invalid_request", r.json().path("error").asText(), query);
            assertEquals(message, r.json().path("message").asText(), query);
        });
    }

    /** On a realm of its own: the people rights for the funnel (raw actions), the totals role too for retention. */
    @Test
    void permissions() {
        Fixtures.Realm guarded = Fixtures.realm("funnel-perm");
        String base = KeycloakServer.get().baseUrl() + "/admin/realms/" + guarded.name() + "/org-analytics";
        String funnel = "/insights/funnel?steps=a,b";
        assertEquals(401, Http.send("GET", base + funnel, null, null).status());
        String viewUsers = Fixtures.realmAdmin(guarded, "only-view-users", "view-users");
        String totals = Fixtures.realmAdmin(guarded, "dash", "view-org-analytics-totals");
        String events = Fixtures.realmAdmin(guarded, "only-view-events", "view-events");
        assertEquals(200, Http.send("GET", base + funnel, viewUsers, null).status());
        assertEquals(403, Http.send("GET", base + funnel, totals, null).status());
        assertEquals(403, Http.send("GET", base + funnel, events, null).status());
        assertEquals(200, Http.send("GET", base + "/insights/retention", viewUsers, null).status());
        assertEquals(200, Http.send("GET", base + "/insights/retention", totals, null).status());
        assertEquals(403, Http.send("GET", base + "/insights/retention?group=/Any", totals, null).status());
        assertEquals(403, Http.send("GET", base + "/insights/retention", events, null).status());
    }
}
