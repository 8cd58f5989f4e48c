package dev.orgalytics.exporter;

import static dev.orgalytics.it.Fixtures.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.orgalytics.exporter.config.ExporterConfig;
import dev.orgalytics.it.AdminClient;
import dev.orgalytics.it.KeycloakServer;
import dev.orgalytics.it.PromText;
import dev.orgalytics.it.PromText.Sample;
import dev.orgalytics.it.Tokens;

/**
 * More realms than a regular access token can name: {@value #DEFAULT_REALMS} realms (or
 * {@code -Dit.many.realms=N}), the exporter's client made by the documented script
 * ({@code metrics-exporter/exporter-client.sh}). With regular tokens Keycloak refuses the exporter
 * and the exporter says why and how to fix it; with the script's lightweight tokens every realm is
 * exported, each with its own numbers.
 */
class ManyRealmsIT {

    static final int DEFAULT_REALMS = 120;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyRealmIsExportedThroughTheDocumentedSetup() throws Exception {
        int count = Integer.getInteger("it.many.realms", DEFAULT_REALMS);
        KeycloakServer keycloak = KeycloakServer.get();
        List<String> realms = createRealms(count);

        String secret = exporterClient(keycloak);
        AdminClient admin = new AdminClient();
        String uuid = admin.getJson("/admin/realms/master/clients?clientId=org-analytics-exporter").ok("client").json()
                .get(0).path("id").asText();

        String token = Tokens.clientCredentials("master", "org-analytics-exporter", secret);
        JsonNode claims = claims(token);
        assertFalse(claims.has("resource_access"), "a lightweight token names no roles");
        assertTrue(token.length() < 2000, token.length() + " bytes");

        // The same client with regular tokens: every role of every realm in the token.
        setLightweight(admin, uuid, false);
        String regular = Tokens.clientCredentials("master", "org-analytics-exporter", secret);
        assertTrue(claims(regular).path("resource_access").size() >= count, "names every realm");
        assertTrue(regular.length() > 8192, regular.length() + " bytes");

        ExporterConfig config = ExporterConfig.from(Map.of("KEYCLOAK_URL", keycloak.baseUrl(), "KEYCLOAK_CLIENT_SECRET", secret,
                "EXPORTER_REFRESH_INTERVAL", "5", "EXPORTER_LISTEN", "127.0.0.1:0"));
        try (Main.Running exporter = Main.start(config)) {
            String base = "http://127.0.0.1:" + exporter.server().port();
            await("the exporter to report the refusal", Duration.ofSeconds(60), () -> get(base + "/health").statusCode() == 503
                    && get(base + "/health").body().contains("too large"));
            String reason = JSON.readTree(get(base + "/health").body()).path("reason").asText();
            assertTrue(reason.contains("client.use.lightweight.access.token.enabled=true"), reason);
            assertTrue(reason.contains("org-analytics-exporter"), reason);
            assertFalse(reason.contains("not reachable"), reason);

            // The documented fix, with the exporter left running: it signs in again and exports everything.
            String again = exporterClient(keycloak);
            assertEquals(secret, again, "the script keeps the client and its secret");
            long fixed = System.nanoTime();
            await("every realm exported", Duration.ofSeconds(180), () -> get(base + "/health").statusCode() == 200);
            System.out.printf("ManyRealmsIT: %d realms exported %.1f s after the fix%n", count, (System.nanoTime() - fixed) / 1e9);

            List<Sample> s = PromText.parse(scrape(base));
            for (int i = 0; i < realms.size(); i++) {
                String realm = realms.get(i);
                assertEquals(usersIn(i), PromText.value(s, "org_analytics_users", Map.of("realm", realm)), realm);
                assertEquals(1, PromText.value(s, "org_analytics_exporter_realm_refresh_success", Map.of("realm", realm)), realm);
            }
            assertTrue(PromText.value(s, "org_analytics_exporter_realms", Map.of()) >= count);
            assertEquals(1, PromText.value(s, "org_analytics_exporter_last_refresh_success", Map.of()));
            double seconds = PromText.value(s, "org_analytics_exporter_refresh_duration_seconds", Map.of());
            System.out.printf("ManyRealmsIT: refresh of %d realms took %.1f s%n", count, seconds);
            assertTrue(seconds < 60, "a refresh fits the default interval: " + seconds + " s");
        }
    }

    /** Realm {@code i} gets {@code i % 4 + 1} users, so every realm's series is told apart from its neighbours'. */
    private static int usersIn(int i) {
        return i % 4 + 1;
    }

    /**
     * Through the admin API, one after the other: creations contend for master's admin role, so running
     * them side by side only makes each slower. Prints the time so slow per-realm setup shows in the log.
     */
    private static List<String> createRealms(int count) throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            List<Future<String>> made = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                made.add(pool.submit(() -> {
                    AdminClient admin = new AdminClient();
                    long t = System.nanoTime();
                    String realm = admin.createRealm(String.format("many-%03d", n));
                    if (n % 20 == 19) {
                        System.out.printf("ManyRealmsIT: realm %d created in %.1f s%n", n + 1, (System.nanoTime() - t) / 1e9);
                    }
                    for (int u = 0; u < usersIn(n); u++) {
                        admin.createUser(realm, "user" + u, "user" + u);
                    }
                    return realm;
                }));
            }
            List<String> realms = new ArrayList<>();
            for (Future<String> f : made) {
                realms.add(f.get(30, TimeUnit.MINUTES));
            }
            System.out.printf("ManyRealmsIT: created %d realms with their users in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
            return realms;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs the README's script; returns the secret it prints. */
    private static String exporterClient(KeycloakServer keycloak) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of(System.getProperty("user.dir"), "exporter-client.sh").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("KEYCLOAK_URL", keycloak.baseUrl());
        pb.environment().put("KEYCLOAK_ADMIN", KeycloakServer.ADMIN_USER);
        pb.environment().put("KEYCLOAK_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.isEmpty());
        return out;
    }

    private static void setLightweight(AdminClient admin, String uuid, boolean on) {
        JsonNode client = admin.getJson("/admin/realms/master/clients/" + uuid).ok("client").json();
        ((com.fasterxml.jackson.databind.node.ObjectNode) client.path("attributes"))
                .put("client.use.lightweight.access.token.enabled", String.valueOf(on));
        admin.putJson("/admin/realms/master/clients/" + uuid, client.toString()).ok("lightweight " + on);
    }

    private static JsonNode claims(String jwt) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static String scrape(String base) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).header("Accept", "text/plain; version=0.0.4").build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpResponse<String> get(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
