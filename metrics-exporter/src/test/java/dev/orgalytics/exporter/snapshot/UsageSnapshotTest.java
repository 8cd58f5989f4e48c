package dev.orgalytics.exporter.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

class UsageSnapshotTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void summariesAndLeaderboardsBecomeGaugesWithCappedActionNames() throws IOException {
        RealmUsage acme = RealmUsage.fromApi("acme", Map.of(
                        "today", summary(0, 2, 1, "{\"profile_viewed\": 4}"),
                        "this_week", summary(1, 5, 1, "{\"profile_viewed\": 9, \"job_posted\": 3, \"offer_sent\": 1}"),
                        "this_month", summary(2, 11, 2, "{\"profile_viewed\": 20, \"job_posted\": 6, \"offer_sent\": 1, \"x\": 1}")),
                Map.of("this_week", board("[{\"rank\":1,\"username\":\"dana\",\"score\":7},{\"rank\":2,\"username\":\"erik\",\"score\":3},"
                        + "{\"rank\":2,\"username\":\"hana\",\"score\":3}]"), "last_month", board("[]")),
                OrganizationUsage.of(3, List.of(new OrganizationUsage.Row("globex", new OrganizationUsage.Counts(5, 3, 8, 21)),
                        new OrganizationUsage.Row("initech", new OrganizationUsage.Counts(2, 1, 1, 0)),
                        new OrganizationUsage.Row("hooli", new OrganizationUsage.Counts(4, 0, 0, 0))), 1));
        RealmUsage withoutOrganizations = RealmUsage.fromApi("umbrella", Map.of("this_month", summary(0, 0, 0, "{}")), Map.of(), null);
        String text = text(UsageSnapshot.families(List.of(acme, withoutOrganizations), 2));

        assertTrue(text.contains("# HELP org_analytics_users Users of the realm"), text);
        assertTrue(text.contains("org_analytics_users{realm=\"acme\"} 14.0"), text);
        assertTrue(text.contains("org_analytics_enabled_users{realm=\"acme\"} 13.0"), text);
        assertTrue(text.contains("org_analytics_active_users{realm=\"acme\",window=\"30d\"} 9.0"), text);
        assertTrue(text.contains("org_analytics_period_logins{period=\"this_week\",realm=\"acme\"} 5.0"), text);
        assertTrue(text.contains("org_analytics_period_failed_logins{period=\"this_month\",realm=\"acme\"} 2.0"), text);
        assertTrue(text.contains("org_analytics_new_users{period=\"this_month\",realm=\"acme\"} 2.0"), text);
        // Two names kept (the busiest over all periods); offer_sent and x are summed as other.
        assertTrue(text.contains("org_analytics_period_actions{action=\"job_posted\",period=\"this_month\",realm=\"acme\"} 6.0"), text);
        assertTrue(text.contains("org_analytics_period_actions{action=\"other\",period=\"this_month\",realm=\"acme\"} 2.0"), text);
        assertTrue(text.contains("org_analytics_period_actions{action=\"other\",period=\"this_week\",realm=\"acme\"} 1.0"), text);
        assertFalse(text.contains("action=\"other\",period=\"today\""), "no empty other series: " + text);
        assertFalse(text.contains("offer_sent"), text);
        // Ties share a rank; each user is its own series.
        assertTrue(text.contains("org_analytics_leaderboard_score{period=\"this_week\",rank=\"2\",realm=\"acme\",username=\"erik\"} 3.0"), text);
        assertTrue(text.contains("org_analytics_leaderboard_score{period=\"this_week\",rank=\"2\",realm=\"acme\",username=\"hana\"} 3.0"), text);
        assertFalse(text.contains("period=\"last_month\""), "an empty leaderboard has no series: " + text);
        // Organizations: the kept one, the rest summed as other, the realm's count and its dormant ones.
        assertTrue(text.contains("org_analytics_organizations{realm=\"acme\"} 3.0"), text);
        assertTrue(text.contains("org_analytics_dormant_organizations{realm=\"acme\",window=\"30d\"} 1.0"), text);
        assertTrue(text.contains("org_analytics_organization_members{organization=\"globex\",realm=\"acme\"} 5.0"), text);
        assertTrue(text.contains("org_analytics_organization_members{organization=\"other\",realm=\"acme\"} 6.0"), text);
        assertTrue(text.contains(
                "org_analytics_organization_active_members{organization=\"globex\",realm=\"acme\",window=\"30d\"} 3.0"), text);
        assertTrue(text.contains("org_analytics_organization_logins{organization=\"other\",realm=\"acme\",window=\"30d\"} 1.0"), text);
        assertTrue(text.contains("org_analytics_organization_actions{organization=\"globex\",realm=\"acme\",window=\"30d\"} 21.0"), text);
        assertFalse(text.contains("initech") || text.contains("hooli"), text);
        assertFalse(text.contains("org_analytics_dormant_organizations{realm=\"umbrella\"")
                        || text.contains("org_analytics_organizations{realm=\"umbrella\""),
                "no organization series when they are not exported: " + text);
    }

    @Test
    void aSummaryWithoutItsCountersIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RealmUsage.fromApi("acme",
                Map.of("this_month", JSON.readTree("{\"totalUsers\": 1}")), Map.of(), null));
    }

    @Test
    void freshnessFollowsTheLastRefresh() {
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        Duration minute = Duration.ofMinutes(1);
        assertTrue(new Freshness(null, false, minute).stale(t), "never refreshed");
        assertFalse(new Freshness(t, true, minute).stale(t.plusSeconds(120)));
        assertTrue(new Freshness(t, true, minute).stale(t.plusSeconds(121)), "older than two intervals");
        assertTrue(new Freshness(t, false, minute).stale(t.plusSeconds(1)), "the last refresh failed");
        assertEquals(30.0, new Freshness(t, true, minute).ageSeconds(t.plusSeconds(30)));
        assertTrue(Double.isNaN(new Freshness(null, false, minute).ageSeconds(t)));
    }

    private static JsonNode summary(long newUsers, long logins, long failed, String byType) throws IOException {
        return JSON.readTree("{\"totalUsers\":14,\"enabledUsers\":13,\"newUsers\":" + newUsers + ",\"dau\":3,\"wau\":6,\"mau\":9,"
                + "\"logins\":" + logins + ",\"failedLogins\":" + failed + ",\"actionsByType\":" + byType + "}");
    }

    private static JsonNode board(String entries) throws IOException {
        return JSON.readTree("{\"entries\":" + entries + "}");
    }

    private static String text(List<io.prometheus.metrics.model.snapshots.MetricSnapshot> families) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExpositionFormats.init().getPrometheusTextFormatWriter().write(out, new MetricSnapshots(families));
        return out.toString(StandardCharsets.UTF_8);
    }
}
