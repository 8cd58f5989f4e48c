package dev.orgalytics.exporter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import dev.orgalytics.it.AdminClient;
import dev.orgalytics.it.BenchmarkMain;
import dev.orgalytics.it.Http;
import dev.orgalytics.it.KeycloakServer;
import dev.orgalytics.it.PromText;
import dev.orgalytics.it.Tokens;

/**
 * The exporter at {@code bench.realms} realms (default 500), a program, not a test
 * ({@code benchmarks/run.sh realms}). Each realm gets {@code bench.users} users (default 20), real
 * logins of a few of them and actions through the action endpoint. The exporter's client is made by
 * {@code exporter-client.sh}; the exporter runs as its own process ({@code java -Xmx256m -jar}) with
 * the default 60 s interval and concurrency. Printed: the time to create the realms (per 50, so slow
 * per-realm setup shows), each refresh's duration, the exporter's resident memory over the refreshes,
 * and a scrape's time and size.
 */
public final class ManyRealmsBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ManyRealmsBenchmark() {
    }

    public static void main(String[] args) {
        BenchmarkMain.run(ManyRealmsBenchmark::run);
    }

    private static void run() throws Exception {
        int realms = Integer.getInteger("bench.realms", 500);
        int users = Integer.getInteger("bench.users", 20);
        int threads = Integer.getInteger("bench.threads", 3);
        int refreshes = Integer.getInteger("bench.refreshes", 5);
        KeycloakServer keycloak = KeycloakServer.get();
        System.out.printf("[bench] %s, %d cores; %d realms x %d users%n", Instant.now(),
                Runtime.getRuntime().availableProcessors(), realms, users);

        List<String> names = createRealms(realms, users, threads);
        long setup = System.nanoTime();
        String secret = exporterClient(keycloak);
        System.out.printf("[bench] exporter-client.sh for %d realms: %.1f s%n", realms, (System.nanoTime() - setup) / 1e9);

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = Path.of("target", "bench-exporter.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", System.getProperty("exporter.jar"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(Map.of("KEYCLOAK_URL", keycloak.baseUrl(), "KEYCLOAK_CLIENT_SECRET", secret,
                "EXPORTER_LISTEN", "127.0.0.1:" + port));
        Process exporter = pb.start();
        try {
            String base = "http://127.0.0.1:" + port;
            List<Double> durations = new ArrayList<>();
            List<Long> rss = new ArrayList<>();
            double seen = 0;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3L * refreshes + 5);
            while (durations.size() < refreshes && System.nanoTime() < deadline) {
                Thread.sleep(2000);
                rss.add(rssKib(exporter.pid()));
                List<PromText.Sample> s = PromText.parse(scrape(base).body());
                double n = PromText.value(s, "org_analytics_exporter_refreshes_total", Map.of());
                if (n > seen) {
                    seen = n;
                    double d = PromText.value(s, "org_analytics_exporter_refresh_duration_seconds", Map.of());
                    durations.add(d);
                    System.out.printf("[bench] refresh %d: %.1f s, %s realms, success %s, RSS %d MiB%n", (int) n, d,
                            fmt(PromText.value(s, "org_analytics_exporter_realms", Map.of())),
                            fmt(PromText.value(s, "org_analytics_exporter_last_refresh_success", Map.of())), rss.get(rss.size() - 1) / 1024);
                }
            }
            List<Double> scrapeMillis = new ArrayList<>();
            int bytes = 0;
            int series = 0;
            for (int i = 0; i < 20; i++) {
                long t = System.nanoTime();
                HttpResponse<String> r = scrape(base);
                scrapeMillis.add((System.nanoTime() - t) / 1e6);
                bytes = r.body().getBytes(StandardCharsets.UTF_8).length;
                series = (int) r.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).count();
            }
            Collections.sort(scrapeMillis);
            System.out.printf("[bench] refresh durations (s): %s%n", durations);
            System.out.printf("[bench] exporter RSS (MiB): min %d, max %d, last %d over %d samples%n",
                    Collections.min(rss) / 1024, Collections.max(rss) / 1024, rss.get(rss.size() - 1) / 1024, rss.size());
            System.out.printf("[bench] scrape: median %.1f ms, max %.1f ms, %d bytes, %d series (%.0f per realm)%n",
                    scrapeMillis.get(10), scrapeMillis.get(19), bytes, series, (double) series / names.size());
        } finally {
            exporter.destroy();
            exporter.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Realms with users, logins and actions, {@code threads} at a time; prints the time per 50 realms. */
    private static List<String> createRealms(int count, int users, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> made = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            String realm = String.format(Locale.ROOT, "bench-org-%03d", i);
            int n = i;
            made.add(pool.submit(() -> {
                long t = System.nanoTime();
                try {
                    seedRealm(realm, users, n);
                } catch (RuntimeException | Error e) {
                    throw new IllegalStateException("seeding " + realm + " failed", e);
                }
                return System.nanoTime() - t;
            }));
        }
        List<String> names = new ArrayList<>();
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum += made.get(i).get(2, TimeUnit.HOURS);
            names.add(String.format(Locale.ROOT, "bench-org-%03d", i));
            if ((i + 1) % 50 == 0) {
                System.out.printf("[bench] realms %d-%d: %.1f s each on average (%d threads), %.0f s so far%n",
                        i - 48, i + 1, sum / 50 / 1e9, threads, (System.nanoTime() - start) / 1e9);
                sum = 0;
            }
        }
        pool.shutdown();
        return names;
    }

    /**
     * One import per realm (client, event listener and users with passwords in one request); three
     * users log in and record actions, varying by realm. Passwords are hashed with one iteration: the
     * benchmark measures the exporter, and Keycloak's default hashing made seeding 500 realms take
     * most of an hour on this machine.
     */
    /**
     * Past 450 realms one import can take longer than the client's 60 s: Keycloak goes on and creates
     * the realm, so a timed-out request is followed by waiting for the realm to appear (10 minutes at most).
     */
    private static void createPatiently(AdminClient admin, RealmRepresentation rep) {
        try {
            admin.createRealm(rep);
            return;
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof HttpTimeoutException)) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                if (admin.getJson("/admin/realms/" + rep.getRealm()).status() == 200) {
                    System.out.printf("[bench] %s: the import timed out on the client; the realm appeared later%n", rep.getRealm());
                    return;
                }
            } catch (UncheckedIOException e) {
                // Still busy: ask again.
            }
            try {
                Thread.sleep(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("realm " + rep.getRealm() + " did not appear within 10 minutes of its import");
    }

    private static void seedRealm(String realm, int users, int n) {
        AdminClient admin = new AdminClient();
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(realm);
        rep.setEnabled(true);
        rep.setPasswordPolicy("hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        rep.setEventsListeners(List.of("jboss-logging", "org-analytics"));
        ClientRepresentation web = new ClientRepresentation();
        web.setClientId("web");
        web.setPublicClient(true);
        web.setDirectAccessGrantsEnabled(true);
        rep.setClients(List.of(web));
        List<UserRepresentation> people = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            UserRepresentation user = new UserRepresentation();
            user.setUsername("user" + u);
            user.setEmail("user" + u + "@" + realm + ".example");
            user.setFirstName("User");
            user.setLastName(String.valueOf(u));
            user.setEnabled(true);
            CredentialRepresentation password = new CredentialRepresentation();
            password.setType(CredentialRepresentation.PASSWORD);
            password.setValue("pw-user" + u);
            password.setTemporary(false);
            user.setCredentials(List.of(password));
            people.add(user);
        }
        rep.setUsers(people);
        createPatiently(admin, rep);
        for (int u = 0; u < Math.min(3, users); u++) {
            String token = Tokens.password(realm, "web", null, "user" + u, "pw-user" + u);
            StringBuilder actions = new StringBuilder("{\"actions\":[");
            for (int a = 0; a < 5 + (n + u) % 10; a++) {
                actions.append(a == 0 ? "" : ",").append("{\"action\":\"").append(a % 2 == 0 ? "profile_viewed" : "job_posted").append("\"}");
            }
            Http.send("POST", KeycloakServer.get().baseUrl() + "/realms/" + realm + "/org-analytics/actions", token,
                    actions.append("]}").toString()).ok("actions");
        }
    }

    private static String exporterClient(KeycloakServer keycloak) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", Path.of("exporter-client.sh").toAbsolutePath().toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().putAll(Map.of("KEYCLOAK_URL", keycloak.baseUrl(), "KEYCLOAK_ADMIN", KeycloakServer.ADMIN_USER,
                "KEYCLOAK_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD));
        Process p = pb.start();
        String secret = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0 || secret.isEmpty()) {
            throw new IllegalStateException("exporter-client.sh failed");
        }
        return secret;
    }

    private static long rssKib(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static HttpResponse<String> scrape(String base) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).timeout(Duration.ofSeconds(30))
                .header("Accept", "text/plain; version=0.0.4").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }
}
