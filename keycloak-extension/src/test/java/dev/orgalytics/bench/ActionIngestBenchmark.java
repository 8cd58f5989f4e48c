package dev.orgalytics.bench;

import static dev.orgalytics.bench.BenchSupport.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.keycloak.representations.idm.RealmRepresentation;

import dev.orgalytics.it.AdminClient;
import dev.orgalytics.it.Http;
import dev.orgalytics.it.KeycloakServer;
import dev.orgalytics.it.Tokens;

/**
 * Accepted actions per second through {@code POST /realms/{realm}/org-analytics/actions} with
 * batches of 100 from several concurrent clients, each its own user and token. Run with
 * {@code benchmarks/run.sh ingest} (PostgreSQL). It measures the store, so the endpoint's quotas,
 * which stop any one user far below this rate, are switched off for it.
 */
public final class ActionIngestBenchmark {

    private static final String[] NAMES = {"profile_viewed", "resume_downloaded", "job_posted", "interview_scheduled"};

    public static void main(String[] args) throws Exception {
        // 20 s rounds after a 20 s warm-up: with 10 s the first rounds still ran partly interpreted code
        // (throughput rose by half from round 1 to round 5).
        int rounds = Integer.getInteger("bench.rounds", 7);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "20"));
        int clients = Integer.getInteger("bench.threads", 8);
        int batch = 100;

        String noQuotas = String.join(" ", java.util.stream.Stream.of("user-requests", "user-actions", "realm-requests", "realm-actions")
                .map(q -> "--spi-realm-restapi-extension-org-analytics-quota-" + q + "-per-minute=0").toList());
        System.setProperty("keycloak.extraArgs", (System.getProperty("keycloak.extraArgs", "") + " " + noQuotas).trim());
        KeycloakServer server = KeycloakServer.get();
        AdminClient admin = new AdminClient();
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm("bench-ingest");
        realm.setEnabled(true);
        realm.setAccessTokenLifespan(3600);
        admin.createRealm(realm);
        admin.createPublicClient("bench-ingest", "web");
        List<String> userIds = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            userIds.add(admin.createUser("bench-ingest", "client" + c, "pw-" + c));
        }
        // bench.organizations=N: every action is also attributed to its user's organizations and added to their roll-ups.
        int organizations = BenchSupport.joinOrganizations(admin, "bench-ingest", userIds);
        List<String> tokens = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            tokens.add(Tokens.password("bench-ingest", "web", null, "client" + c, "pw-" + c));
        }
        // One pre-serialised body per client: the benchmark measures the server, not Jackson here.
        List<String> bodies = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                items.add(Map.of("action", NAMES[i % NAMES.length], "page", "/jobs/" + i,
                        "target", Map.of("type", "candidate", "id", "c" + i, "name", "Candidate " + i),
                        "properties", Map.of("source", "search", "rank", i)));
            }
            bodies.add(Http.toJson(Map.of("actions", items)));
        }
        String url = server.baseUrl() + "/realms/bench-ingest/org-analytics/actions";
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        ThreadLocal<Integer> me = ThreadLocal.withInitial(() -> next.getAndIncrement() % clients);
        BenchSupport.Operation post = () -> {
            int c = me.get();
            Http.Response r = Http.send("POST", url, tokens.get(c), bodies.get(c));
            if (r.status() != 202) throw new IllegalStateException(r.status() + " " + r.body());
            return r.json().path("accepted").asInt();
        };

        System.out.println("warm-up...");
        BenchSupport.throughput(clients, seconds, post);
        List<Double> rates = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double rate = BenchSupport.throughput(clients, seconds, post);
            rates.add(rate);
            System.out.printf("round %d %s actions/s%n", r + 1, fmt(rate));
        }
        System.out.println();
        System.out.println("RESULT action-ingest db=" + server.db() + " organizations=" + organizations + " clients=" + clients + " batch=" + batch
                + " rounds=" + rounds + " seconds=" + seconds);
        System.out.println("RESULT median " + fmt(BenchSupport.median(rates)) + " actions/s  " + rates);
        System.out.println("RESULT machine " + BenchSupport.machine());
        System.exit(0);
    }
}
