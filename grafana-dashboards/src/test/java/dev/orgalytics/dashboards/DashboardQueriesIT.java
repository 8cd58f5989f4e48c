package dev.orgalytics.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgalytics.it.AdminClient;
import dev.orgalytics.it.Fixtures;
import dev.orgalytics.it.FreePort;
import dev.orgalytics.it.Http;
import dev.orgalytics.it.KeycloakServer;
import dev.orgalytics.it.Tokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every query of every dashboard against the real pipeline: a real Keycloak with the extension and the demo
 * realm, activity through real logins and the real action endpoint, the real metrics exporter configured as
 * docker-compose.yml configures it, and a real Prometheus scraping both. A query that Prometheus refuses or
 * that finds no series fails, named by dashboard, panel and query.
 */
class DashboardQueriesIT {

    private static final String REALM = "acme";
    private static final String PORTAL = "acme-portal";
    private static final String BACKEND = "acme-backend";
    private static final String BACKEND_SECRET = "acme-backend-secret";
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    /** What Grafana would put in for the variables; $datasource only selects the Prometheus, it is never sent. */
    private static final Map<String, String> VARIABLES = Map.of(
            "datasource", "prometheus",
            "realm", REALM,
            "realm_search", ".*",
            "top", "10",
            "__rate_interval", "30s",
            "__interval", "2s",
            "__interval_ms", "2000",
            "__range", "5m",
            "__range_s", "300",
            "__range_ms", "300000");

    private static KeycloakServer keycloak;
    private static ExporterProcess exporter;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void startThePipelineAndSeedActivity() {
        keycloak = KeycloakServer.get();
        AdminClient admin = new AdminClient();
        // The demo realm, exporter client included, through the same import code as kc.sh --import-realm.
        admin.postJson("/admin/realms", Repo.text(Repo.path("demo/acme-realm.json"))).ok("Import demo/acme-realm.json");
        createOrganizations(admin);

        seedActivity(true);

        int exporterPort = FreePort.next();
        Map<String, String> env = new LinkedHashMap<>(Compose.load().environment("metrics-exporter"));
        env.put("KEYCLOAK_URL", keycloak.baseUrl());
        env.put("EXPORTER_LISTEN", "127.0.0.1:" + exporterPort);
        env.put("EXPORTER_REFRESH_INTERVAL", "2");
        exporter = ExporterProcess.start(Path.of(System.getProperty("exporter.jar")), env, exporterPort,
                TARGET.resolve("exporter-it.log"));

        Map<String, String> jobs = new LinkedHashMap<>();
        jobs.put("keycloak", keycloak.managementUrl().substring("http://".length()));
        jobs.put("org-analytics-exporter", "127.0.0.1:" + exporterPort);
        prometheus = PrometheusServer.start(TARGET.resolve("prometheus-it"), FreePort.next(), jobs);
        System.out.printf("[it] exporter pid %d on %d, prometheus pid %d%n", exporter.pid(), exporterPort, prometheus.pid());

        Waits.until("both scrape targets up", Duration.ofSeconds(90),
                () -> prometheus.targetHealth().values().stream().filter("up"::equals).count() == jobs.size(),
                () -> prometheus.targetHealth().toString());
        Waits.sleep(3000); // a few scrapes of the first burst's totals, so the second burst shows as a rate

        seedActivity(false);
        String actionRate = "sum(increase(org_analytics_actions_total{realm=\"" + REALM + "\"}[30s]))";
        String loginRate = "sum(increase(org_analytics_logins_total{realm=\"" + REALM + "\"}[30s]))";
        Waits.until("the second burst in Prometheus", Duration.ofSeconds(60),
                () -> prometheus.value(actionRate) > 0 && prometheus.value(loginRate) > 0,
                () -> actionRate + " = " + prometheus.value(actionRate) + ", " + loginRate + " = " + prometheus.value(loginRate));
        Waits.sleep(3000); // and the exporter's next snapshots of it
    }

    @AfterAll
    static void stopWhatThisTestStarted() {
        // Keycloak belongs to the harness, which stops it when the JVM exits.
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    @TestFactory
    Stream<DynamicNode> everyPanelQueryReturnsSeries() {
        List<Dashboard> dashboards = Dashboard.all();
        assertFalse(dashboards.isEmpty());
        Instant now = Instant.now();
        return dashboards.stream().map(d -> DynamicContainer.dynamicContainer(d.title(), d.queries().stream()
                .map(q -> DynamicTest.dynamicTest("panel " + q.panelId() + " \"" + q.panelTitle() + "\" " + q.refId(),
                        () -> assertReturnsSeries(q, now)))));
    }

    @Test
    void everyTemplateVariableQueryReturnsTheSeededRealm() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : Dashboard.all()) {
            for (Dashboard.LabelValuesQuery q : d.labelValuesQueries()) {
                JsonNode response = prometheus.labelValues(q.label(), PromQl.substitute(q.selector(), VARIABLES));
                Set<String> values = new TreeSet<>();
                response.path("data").forEach(v -> values.add(v.asText()));
                if (!"success".equals(response.path("status").asText()) || !values.contains(REALM)) {
                    problems.add(q + " -> " + response);
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    /** A few panels checked for the numbers the seeded activity must produce, not just for having series. */
    @Test
    void panelsShowTheSeededActivity() {
        String r = "{realm=\"" + REALM + "\"";
        // alice, bob and carol; the two service accounts are not users.
        assertEquals(3, prometheus.value("max(org_analytics_users" + r + "})"));
        assertEquals(3, prometheus.value("max(org_analytics_active_users" + r + ", window=\"1d\"})"));
        assertEquals(Set.of("alice", "carol"), labelValues(
                "max by (username) (org_analytics_leaderboard_score" + r + ", period=\"last_month\"})", "username"));
        assertEquals(Set.of(PORTAL, BACKEND), labelValues(
                "sum by (client) (org_analytics_client_actions_total" + r + "})", "client"));
        assertEquals(Set.of("failure", "success"), labelValues(
                "sum by (outcome) (org_analytics_logins_total" + r + "})", "outcome"));
        assertEquals(1, prometheus.value("max(org_analytics_exporter_realms)"), "EXPORTER_REALMS=" + REALM);
        // Organizations: alice and bob log in twice each for recruiting, carol twice for staffing; idle is dormant.
        String organizations = "max by (organization) (org_analytics_organization_logins" + r + ", window=\"30d\"})";
        Waits.until("the organizations' logins in Prometheus", Duration.ofSeconds(30),
                () -> prometheus.value("max(org_analytics_organization_logins" + r + ", organization=\"recruiting\"})") == 4,
                () -> prometheus.query(organizations, Instant.now()).toString());
        assertEquals(2, prometheus.value("max(org_analytics_organization_logins" + r + ", organization=\"staffing\"})"));
        assertEquals(3, prometheus.value("max(org_analytics_organizations" + r + "})"));
        assertEquals(1, prometheus.value("max(org_analytics_dormant_organizations" + r + ", window=\"30d\"})"));
        assertEquals(2, prometheus.value("max(org_analytics_organization_active_members" + r + ", organization=\"recruiting\"})"));
        assertEquals(0, prometheus.value("max(org_analytics_organization_active_members" + r + ", organization=\"idle\"})"));
        assertEquals(Set.of("idle", "recruiting", "staffing"), labelValues(organizations, "organization"));
        // Fresh at some point of the run: a single slow refresh on a loaded machine may mark one scrape stale.
        assertEquals(0, prometheus.value("min(min_over_time(org_analytics_exporter_stale[1m]))"), "a fresh snapshot");
    }

    private static void assertReturnsSeries(Dashboard.Query q, Instant now) {
        String expr = PromQl.substitute(q.expr(), VARIABLES);
        JsonNode instant = prometheus.query(expr, now);
        assertEquals("success", instant.path("status").asText(), q + "\n-> " + PrometheusServer.describe(instant));
        assertFalse(instant.path("data").path("result").isEmpty(), q + "\n-> no series (instant query " + expr + ")");
        if (!q.instant()) {
            JsonNode range = prometheus.queryRange(expr, now.minusSeconds(60), now, Duration.ofSeconds(2));
            assertEquals("success", range.path("status").asText(), q + "\n-> " + PrometheusServer.describe(range));
            assertFalse(range.path("data").path("result").isEmpty(), q + "\n-> no series (range query " + expr + ")");
        }
    }

    private static Set<String> labelValues(String expr, String label) {
        Set<String> values = new TreeSet<>();
        prometheus.query(expr, Instant.now()).path("data").path("result")
                .forEach(series -> values.add(series.path("metric").path(label).asText()));
        return values;
    }

    /**
     * Keycloak's organizations turned on in the demo realm, created through its admin API before any activity (logins
     * and actions are attributed when they happen): alice and bob in {@code recruiting}, carol in {@code staffing},
     * nobody in {@code idle}, which stays dormant.
     */
    private static void createOrganizations(AdminClient admin) {
        String id = admin.getJson("/admin/realms/" + REALM).ok("realm").json().path("id").asText();
        Fixtures.Realm acme = new Fixtures.Realm(REALM, id, admin);
        Fixtures.enableOrganizations(acme);
        Map<String, List<String>> membersOf = Map.of("recruiting", List.of("alice", "bob"), "staffing", List.of("carol"),
                "idle", List.of());
        membersOf.forEach((alias, members) -> {
            String organization = Fixtures.organization(acme, alias.toUpperCase(Locale.ROOT), alias);
            for (String username : members) {
                String userId = admin.getJson("/admin/realms/" + REALM + "/users?exact=true&username=" + username)
                        .ok("find " + username).json().get(0).path("id").asText();
                Fixtures.joinOrganization(acme, organization, userId);
            }
        });
    }

    /**
     * Logins (and failed ones) of the three demo users and actions of several names from two clients. The first
     * burst also backdates actions into last month, so the last-month leaderboard has rows (the pom raises
     * max-age-days for that).
     */
    private static void seedActivity(boolean first) {
        String alice = Tokens.password(REALM, PORTAL, null, "alice", "alice");
        String bob = Tokens.password(REALM, PORTAL, null, "bob", "bob");
        String carol = Tokens.password(REALM, PORTAL, null, "carol", "carol");
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(REALM, PORTAL, null, "bob", "not-bobs-password"));

        postActions(alice, "{\"actions\": [{\"action\": \"profile_viewed\"}, {\"action\": \"profile_viewed\"},"
                + " {\"action\": \"job_posted\"}]}", 3);
        postActions(bob, "{\"action\": \"interview_scheduled\"}", 1);
        postActions(carol, "{\"action\": \"profile_viewed\"}", 1);
        String backend = Tokens.clientCredentials(REALM, BACKEND, BACKEND_SECRET);
        String bobId = new AdminClient().getJson("/admin/realms/" + REALM + "/users?username=bob&exact=true")
                .ok("find bob").json().get(0).path("id").asText();
        postActions(backend, "{\"action\": \"resume_downloaded\", \"userId\": \"" + bobId + "\"}", 1);
        if (first) {
            // Mid-month, so it is last month in every time zone the exporter may cut months in.
            String lastMonth = LocalDate.now(ZoneOffset.UTC).withDayOfMonth(1).minusMonths(1).withDayOfMonth(15)
                    + "T12:00:00+00:00";
            postActions(alice, "{\"actions\": [{\"action\": \"profile_viewed\", \"occurredAt\": \"" + lastMonth + "\"},"
                    + " {\"action\": \"job_posted\", \"occurredAt\": \"" + lastMonth + "\"}]}", 2);
            postActions(carol, "{\"action\": \"profile_viewed\", \"occurredAt\": \"" + lastMonth + "\"}", 1);
        }
    }

    private static void postActions(String token, String body, int accepted) {
        Http.Response response = Http.send("POST", keycloak.baseUrl() + "/realms/" + REALM + "/org-analytics/actions", token, body);
        assertEquals(202, response.status(), response.body());
        assertEquals(accepted, response.json().path("accepted").asInt(), response.body());
        assertTrue(response.json().path("duplicates").asInt() == 0, response.body());
    }
}
