package dev.orgalytics.exporter;

import static dev.orgalytics.it.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orgalytics.exporter.config.ExporterConfig;
import dev.orgalytics.it.AdminClient;
import dev.orgalytics.it.Fixtures;
import dev.orgalytics.it.Http;
import dev.orgalytics.it.KeycloakServer;
import dev.orgalytics.it.PromText;
import dev.orgalytics.it.PromText.Sample;
import dev.orgalytics.it.Tokens;

/**
 * The exporter against the real Keycloak with the extension: activity seeded through real logins
 * and the real action endpoint appears in {@code /metrics} exactly; the output passes promtool; a
 * Keycloak outage leaves the last snapshot served and marked stale, and the exporter recovers alone.
 */
class ExporterIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();


    @Test
    void seededActivityIsExportedExactlyAndSurvivesAKeycloakOutage() throws Exception {
        avoidMidnight();
        KeycloakServer keycloak = KeycloakServer.get();
        Fixtures.Realm realm = Fixtures.realm("exporter");
        String r = realm.name();
        AdminClient admin = realm.admin();
        for (String u : List.of("alice", "bob", "carol", "dave", "eve")) {
            realm.user(u);
        }
        JsonNode eve = admin.getJson("/admin/realms/" + r + "/users?exact=true&username=eve").ok("eve").json().get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) eve).put("enabled", false);
        admin.putJson("/admin/realms/" + r + "/users/" + eve.path("id").asText(), eve.toString()).ok("disable eve");

        String alice = realm.token("alice");
        realm.token("alice");
        String bob = realm.token("bob");
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(r, "web", null, "carol", "wrong"));
        String carol = realm.token("carol");
        post(realm, alice, "[{\"action\":\"profile_viewed\"},{\"action\":\"profile_viewed\"},{\"action\":\"profile_viewed\"},{\"action\":\"job_posted\"}]");
        post(realm, bob, "[{\"action\":\"profile_viewed\"},{\"action\":\"profile_viewed\"},{\"action\":\"interview_scheduled\"},{\"action\":\"interview_scheduled\"}]");
        post(realm, carol, "[{\"action\":\"profile_viewed\"}]");
        await("the logins in the reports", Duration.ofSeconds(30), () -> admin.getJson(
                "/admin/realms/" + r + "/org-analytics/summary").ok("summary").json().path("failedLogins").asLong() == 1);

        String secret = leastPrivilegedExporterClient(admin, r);
        try (Main.Running exporter = Main.start(config(r, secret, "EXPORTER_LEADERBOARD_SIZE", "2"))) {
            String base = healthy(exporter);
            List<Sample> s = PromText.parse(scrape(base));

            assertEquals(1, PromText.value(s, "org_analytics_exporter_realms", Map.of()), "exactly the realm it may view");
            assertEquals(5, PromText.value(s, "org_analytics_users", Map.of("realm", r)));
            assertEquals(4, PromText.value(s, "org_analytics_enabled_users", Map.of("realm", r)));
            for (String window : List.of("1d", "7d", "30d")) {
                assertEquals(3, PromText.value(s, "org_analytics_active_users", Map.of("realm", r, "window", window)), window);
            }
            for (String period : List.of("today", "this_week", "this_month")) {
                Map<String, String> p = Map.of("realm", r, "period", period);
                assertEquals(5, PromText.value(s, "org_analytics_new_users", p), period);
                assertEquals(4, PromText.value(s, "org_analytics_period_logins", p), period);
                assertEquals(1, PromText.value(s, "org_analytics_period_failed_logins", p), period);
                assertEquals(6, PromText.value(s, "org_analytics_period_actions", with(p, "action", "profile_viewed")), period);
                assertEquals(2, PromText.value(s, "org_analytics_period_actions", with(p, "action", "interview_scheduled")), period);
                assertEquals(1, PromText.value(s, "org_analytics_period_actions", with(p, "action", "job_posted")), period);
            }
            // alice and bob tie at 4 actions (rank 1 both); a size of 2 leaves carol out.
            List<Sample> week = s.stream().filter(x -> x.name().equals("org_analytics_leaderboard_score")
                    && "this_week".equals(x.labels().get("period"))).toList();
            assertEquals(2, week.size(), week.toString());
            assertEquals(4, PromText.value(week, "org_analytics_leaderboard_score", Map.of("rank", "1", "username", "alice")));
            assertEquals(4, PromText.value(week, "org_analytics_leaderboard_score", Map.of("rank", "1", "username", "bob")));
            assertEquals(-1, PromText.value(s, "org_analytics_leaderboard_score", Map.of("period", "last_month")), "nobody last month");
            // Organizations off in this realm: the report answers an empty list, counted as none, no series per organization.
            assertEquals(0, PromText.value(s, "org_analytics_organizations", Map.of("realm", r)));
            assertEquals(0, PromText.value(s, "org_analytics_dormant_organizations", Map.of("realm", r, "window", "30d")));
            assertEquals(List.of(), organizationSeries(s, r));
            assertEquals(1, PromText.value(s, "org_analytics_exporter_last_refresh_success", Map.of()));
            assertEquals(0, PromText.value(s, "org_analytics_exporter_stale", Map.of()));
            assertPromtoolClean(scrape(base));

            keycloak.stop();
            try {
                await("the exporter to notice the outage", Duration.ofSeconds(30),
                        () -> PromText.value(PromText.parse(scrape(base)), "org_analytics_exporter_stale", Map.of()) == 1);
                List<Sample> down = PromText.parse(scrape(base));
                assertEquals(0, PromText.value(down, "org_analytics_exporter_last_refresh_success", Map.of()));
                assertTrue(PromText.value(down, "org_analytics_exporter_refresh_errors_total", Map.of()) >= 1);
                assertEquals(5, PromText.value(down, "org_analytics_users", Map.of("realm", r)), "the last snapshot is still served");
                assertEquals(4, PromText.value(down, "org_analytics_leaderboard_score", Map.of("realm", r, "username", "bob")));
                HttpResponse<String> health = get(base + "/health");
                assertEquals(503, health.statusCode());
                assertTrue(health.body().contains("not reachable"), health.body());
            } finally {
                keycloak.startAgain();
            }
            await("the exporter to recover by itself", Duration.ofSeconds(60), () -> get(base + "/health").statusCode() == 200);
            List<Sample> back = PromText.parse(scrape(base));
            assertEquals(0, PromText.value(back, "org_analytics_exporter_stale", Map.of()));
            assertEquals(1, PromText.value(back, "org_analytics_exporter_last_refresh_success", Map.of()));
            assertEquals(5, PromText.value(back, "org_analytics_users", Map.of("realm", r)));
        }
    }

    /**
     * Five organizations created through Keycloak's admin API, activity through real logins and the action
     * endpoint, and EXPORTER_MAX_ORGANIZATIONS=2: exactly the two most active keep their series (active members,
     * then name, as the report sorts them), the other three are summed as "other", and the dormant ones counted.
     */
    @Test
    void theMostActiveOrganizationsAreExportedAndTheRestSummedAsOther() throws Exception {
        avoidMidnight();
        Fixtures.Realm realm = Fixtures.realm("exporter-orgs");
        String r = realm.name();
        Fixtures.enableOrganizations(realm);
        Map<String, String> users = new LinkedHashMap<>();
        for (String u : List.of("alice", "bob", "carol", "dave", "erin", "frank")) {
            users.put(u, realm.user(u));
        }
        Map<String, List<String>> membersOf = new LinkedHashMap<>();
        membersOf.put("acme", List.of("alice", "bob"));
        membersOf.put("globex", List.of("carol", "dave"));
        membersOf.put("initech", List.of("erin"));
        membersOf.put("hooli", List.of("frank"));
        membersOf.put("umbrella", List.of());
        membersOf.forEach((alias, members) -> {
            String id = Fixtures.organization(realm, Character.toUpperCase(alias.charAt(0)) + alias.substring(1), alias);
            members.forEach(u -> Fixtures.joinOrganization(realm, id, users.get(u)));
        });

        // acme: 2 active members, 2 logins, 4 actions; globex: 1 active (dave idle), 1 login, 2 actions;
        // initech: 1 active, 2 logins; hooli: a failed login only (dormant); umbrella: nobody (dormant).
        post(realm, realm.token("alice"), "[{\"action\":\"job_posted\"},{\"action\":\"job_posted\"},{\"action\":\"profile_viewed\"}]");
        post(realm, realm.token("bob"), "[{\"action\":\"profile_viewed\"}]");
        post(realm, realm.token("carol"), "[{\"action\":\"profile_viewed\"},{\"action\":\"profile_viewed\"}]");
        realm.token("erin");
        realm.token("erin");
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(r, "web", null, "frank", "wrong"));
        String report = "/admin/realms/" + r + "/org-analytics/organizations";
        await("the logins attributed to the organizations", Duration.ofSeconds(30), () -> {
            JsonNode rows = realm.admin().getJson(report).ok("organizations").json().path("organizations");
            long logins = 0;
            long failed = 0;
            for (JsonNode o : rows) {
                logins += o.path("logins").asLong();
                failed += o.path("failedLogins").asLong();
            }
            return logins == 5 && failed == 1;
        });

        String secret = leastPrivilegedExporterClient(realm.admin(), r);
        try (Main.Running exporter = Main.start(config(r, secret, "EXPORTER_MAX_ORGANIZATIONS", "2"))) {
            String base = healthy(exporter);
            String text = scrape(base);
            List<Sample> s = PromText.parse(text);

            assertEquals(5, PromText.value(s, "org_analytics_organizations", Map.of("realm", r)));
            assertEquals(2, PromText.value(s, "org_analytics_dormant_organizations", Map.of("realm", r, "window", "30d")),
                    "hooli and umbrella");
            assertEquals(List.of("acme", "globex", "other"), organizationSeries(s, r));
            // members, active members, logins, actions in the 30 days; other = initech + hooli + umbrella.
            Map<String, List<Integer>> expected = Map.of("acme", List.of(2, 2, 2, 4), "globex", List.of(2, 1, 1, 2),
                    "other", List.of(2, 1, 2, 0));
            expected.forEach((org, v) -> {
                Map<String, String> labels = Map.of("realm", r, "organization", org);
                Map<String, String> windowed = with(labels, "window", "30d");
                assertEquals((double) v.get(0), PromText.value(s, "org_analytics_organization_members", labels), org + " members");
                assertEquals((double) v.get(1), PromText.value(s, "org_analytics_organization_active_members", windowed), org + " active");
                assertEquals((double) v.get(2), PromText.value(s, "org_analytics_organization_logins", windowed), org + " logins");
                assertEquals((double) v.get(3), PromText.value(s, "org_analytics_organization_actions", windowed), org + " actions");
            });
            assertPromtoolClean(text);
        }
    }

    /** The exporter signed in with the realm's least-privileged client, refreshing every second, plus one setting of the test's. */
    private static ExporterConfig config(String realm, String secret, String setting, String value)
            throws ExporterConfig.InvalidConfigException {
        return ExporterConfig.from(Map.of("KEYCLOAK_URL", KeycloakServer.get().baseUrl(), "KEYCLOAK_CLIENT_ID", "exporter-" + realm,
                "KEYCLOAK_CLIENT_SECRET", secret, "EXPORTER_REFRESH_INTERVAL", "1", "EXPORTER_LISTEN", "127.0.0.1:0", setting, value));
    }

    /** The running exporter's base URL, once its first refresh made it healthy. */
    private static String healthy(Main.Running exporter) {
        String base = "http://127.0.0.1:" + exporter.server().port();
        await("a healthy exporter", Duration.ofSeconds(30), () -> get(base + "/health").statusCode() == 200);
        return base;
    }

    /** The organization labels of the realm's per-organization series, each family checked to carry the same ones. */
    private static List<String> organizationSeries(List<Sample> samples, String realm) {
        Map<String, List<String>> byFamily = new LinkedHashMap<>();
        for (String family : List.of("org_analytics_organization_members", "org_analytics_organization_active_members",
                "org_analytics_organization_logins", "org_analytics_organization_actions")) {
            byFamily.put(family, samples.stream().filter(x -> x.name().equals(family) && realm.equals(x.labels().get("realm")))
                    .map(x -> x.labels().get("organization")).sorted().toList());
        }
        List<String> first = byFamily.values().iterator().next();
        byFamily.forEach((family, orgs) -> assertEquals(first, orgs, family));
        return first;
    }

    @Test
    void theJarExplainsItsOptionsAndRefusesABadConfiguration() throws Exception {
        Process help = jar(Map.of(), "--help");
        String helpText = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(help.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, help.exitValue(), helpText);
        for (ExporterConfig.Option o : ExporterConfig.Option.values()) {
            assertTrue(helpText.contains(o.name()), o.name() + " in " + helpText);
        }

        Process bad = jar(Map.of("EXPORTER_REFRESH_INTERVAL", "soon"));
        String problems = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(bad.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, bad.exitValue(), problems);
        assertTrue(problems.contains("KEYCLOAK_CLIENT_SECRET") && problems.contains("EXPORTER_REFRESH_INTERVAL"), problems);
    }

    /** The shaded jar as users run it, with only {@code env} as configuration. */
    private static Process jar(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("exporter.jar")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("KEYCLOAK_") || k.startsWith("EXPORTER_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /**
     * A master-realm client whose service account holds only {@code view-org-analytics-totals} and
     * {@code query-realms} of the master client that manages the realm ({@code <realm>-realm}), as the
     * README recommends. Keycloak lists a realm in {@code GET /admin/realms} only to holders of one of
     * its built-in admin roles; {@code query-realms} is the one that grants nothing else.
     */
    private static String leastPrivilegedExporterClient(AdminClient admin, String realm) {
        AdminClient.ConfidentialClient client = admin.createConfidentialClient("master", "exporter-" + realm, true);
        String serviceAccount = admin.serviceAccountUserId("master", client.uuid());
        JsonNode managing = admin.getJson("/admin/realms/master/clients?clientId=" + realm + "-realm").ok("realm client").json().get(0);
        String managingId = managing.path("id").asText();
        List<JsonNode> roles = new ArrayList<>();
        for (String role : List.of("view-org-analytics-totals", "query-realms")) {
            roles.add(admin.getJson("/admin/realms/master/clients/" + managingId + "/roles/" + role).ok(role).json());
        }
        admin.postJson("/admin/realms/master/users/" + serviceAccount + "/role-mappings/clients/" + managingId, roles)
                .ok("grant the exporter's roles");
        // Keycloak lists exactly this realm, and the realm's users stay out of reach.
        String token = Tokens.clientCredentials("master", "exporter-" + realm, client.secret());
        JsonNode realms = Http.send("GET", KeycloakServer.get().baseUrl() + "/admin/realms", token, null).ok("realms").json();
        assertEquals(1, realms.size(), realms.toString());
        assertEquals(realm, realms.get(0).path("realm").asText());
        assertEquals(403, Http.send("GET", KeycloakServer.get().baseUrl() + "/admin/realms/" + realm + "/users", token, null).status());
        // Nor through the reports: no user list, no actions, no logins; the totals are all it reads.
        for (String report : List.of("users", "actions", "logins")) {
            assertEquals(403, Http.send("GET", KeycloakServer.get().baseUrl() + "/admin/realms/" + realm + "/org-analytics/" + report,
                    token, null).status(), report);
        }
        return client.secret();
    }

    private static void post(Fixtures.Realm realm, String token, String actions) {
        Http.Response response = Http.send("POST", realm.actionsUrl(), token, "{\"actions\":" + actions + "}");
        assertEquals(202, response.status(), response.body());
    }

    private static void assertPromtoolClean(String text) throws IOException, InterruptedException {
        Path file = Files.createTempFile("exporter-metrics", ".txt");
        Files.writeString(file, text);
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectInput(file.toFile())
                .redirectErrorStream(true).start();
        String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, promtool.exitValue(), out);
        assertEquals("", out.trim(), "promtool problems");
    }

    /** The periods "today", "this week" and "this month" must not change between seeding and asserting. */
    private static void avoidMidnight() throws InterruptedException {
        LocalTime now = LocalTime.now(ZoneOffset.UTC);
        if (now.isAfter(LocalTime.of(23, 57))) {
            Thread.sleep(Duration.between(now, LocalTime.MAX).toMillis() + 5_000);
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> out = new LinkedHashMap<>(labels);
        out.put(name, value);
        return out;
    }


    private static String scrape(String base) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
                    .header("Accept", "text/plain; version=0.0.4").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            return r.body();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

}
