package dev.orgalytics.it;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.orgalytics.it.PromText.Sample;

/**
 * The extension's counters on Keycloak's own {@code :9000/metrics} (the pom starts the test server
 * with {@code --metrics-enabled=true} and a label cap of 5 names per realm).
 */
class MetricsIT {

    private static final int LABEL_CAP = 5;

    @Test
    void loginsAndActionsAreCountedPerRealmAfterCommit() {
        Fixtures.Realm realm = Fixtures.realm("metrics");
        realm.admin().createPublicClient(realm.name(), "mobile");
        realm.user("alice");
        realm.user("bob");
        String alice = realm.token("alice");
        realm.token("bob");
        String bobMobile = Tokens.password(realm.name(), "mobile", null, "bob", Fixtures.PASSWORD);
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), "web", null, "bob", "wrong"));
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), "web", null, "nobody", "wrong"));

        post(realm, alice, "{\"actions\":[{\"action\":\"profile_viewed\",\"id\":\"p1\"},{\"action\":\"profile_viewed\",\"id\":\"p2\"},"
                + "{\"action\":\"profile_viewed\"},{\"action\":\"job_posted\"}]}", 4);
        post(realm, alice, "{\"action\":\"profile_viewed\",\"id\":\"p1\"}", 0); // a retry: a duplicate, not counted
        post(realm, bobMobile, "{\"actions\":[{\"action\":\"a1\"},{\"action\":\"a2\"},{\"action\":\"a3\"},"
                + "{\"action\":\"a4\"},{\"action\":\"a5\"},{\"action\":\"a5\"}]}", 6);
        // A rejected request stores nothing and counts nothing.
        assertEquals(400, Http.send("POST", realm.actionsUrl(), alice, Map.of("action", "Not Valid")).status());

        String r = realm.name();
        await("the login counters", Duration.ofSeconds(20), () -> PromText.value(scrape(), "org_analytics_logins_total",
                Map.of("realm", r, "outcome", "failure")) == 2);
        List<Sample> samples = scrape();
        assertEquals(3, PromText.value(samples, "org_analytics_logins_total", Map.of("realm", r, "outcome", "success")));
        assertEquals(2, PromText.value(samples, "org_analytics_logins_total", Map.of("realm", r, "outcome", "failure")));

        // The first five names of the realm keep their name; a4 and a5 (three actions) count as "other".
        Map<String, Double> byAction = samples.stream()
                .filter(s -> s.name().equals("org_analytics_actions_total") && r.equals(s.labels().get("realm")))
                .collect(Collectors.toMap(s -> s.labels().get("action"), Sample::value));
        assertEquals(Map.of("profile_viewed", 3.0, "job_posted", 1.0, "a1", 1.0, "a2", 1.0, "a3", 1.0, "other", 3.0), byAction);
        assertEquals(LABEL_CAP + 1, byAction.size());
        assertEquals(4, PromText.value(samples, "org_analytics_client_actions_total", Map.of("realm", r, "client", "web")));
        assertEquals(6, PromText.value(samples, "org_analytics_client_actions_total", Map.of("realm", r, "client", "mobile")));
        for (String reason : List.of("store_failed", "queue_full")) {
            assertTrue(PromText.value(samples, "org_analytics_capture_failures_total", Map.of("reason", reason)) >= 0);
        }
    }

    @Test
    void ourSeriesPassPromtoolLint() throws Exception {
        Fixtures.Realm realm = Fixtures.realm("metrics-lint");
        realm.user("carol");
        realm.token("carol");
        await("a login counter", Duration.ofSeconds(20), () -> PromText.value(scrape(), "org_analytics_logins_total",
                Map.of("realm", realm.name(), "outcome", "success")) == 1);
        // Keycloak's own series raise style warnings of their own; lint exactly ours, HELP and TYPE included.
        String ours = scrapeText().lines()
                .filter(l -> l.startsWith("org_analytics_") || l.matches("# (HELP|TYPE) org_analytics_.*"))
                .collect(Collectors.joining("\n", "", "\n"));
        assertTrue(ours.contains("# HELP org_analytics_logins_total "), ours);
        assertTrue(ours.contains("# TYPE org_analytics_actions_total counter"), ours);
        Path file = Files.createTempFile("org-analytics-metrics", ".txt");
        Files.writeString(file, ours);
        Process promtool = new ProcessBuilder("promtool", "check", "metrics")
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        String out = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, promtool.exitValue(), out);
        assertEquals("", out.trim(), "promtool problems");
    }

    private static void post(Fixtures.Realm realm, String token, String json, int accepted) {
        Http.Response r = Http.send("POST", realm.actionsUrl(), token, json);
        assertEquals(202, r.status(), r.body());
        assertEquals(accepted, r.json().path("accepted").asInt(), r.body());
    }



    static List<Sample> scrape() {
        return PromText.parse(scrapeText());
    }

    /** The Prometheus text format: promtool 2.42 cannot parse the OpenMetrics Keycloak answers by default. */
    static String scrapeText() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(KeycloakServer.get().managementUrl() + "/metrics"))
                            .header("Accept", "text/plain; version=0.0.4").timeout(Duration.ofSeconds(20)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), "metrics endpoint; is --metrics-enabled=true set?");
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
