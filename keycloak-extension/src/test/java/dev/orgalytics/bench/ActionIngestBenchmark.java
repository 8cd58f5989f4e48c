package dev.orgalytics.bench;

import static dev.orgalytics.bench.BenchSupport.fmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

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
        // 20 s rounds: with 10 s the first rounds still ran partly interpreted code.
        int rounds = Integer.getInteger("bench.rounds", 7);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "20"));
        int clients = Integer.getInteger("bench.threads", 8);
        int batch = 100;
        // Several warm-up rounds: with one, the rate still rose by half over the measured rounds.
        int warmups = Integer.getInteger("bench.warmups", 3);

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
        // bench.organizations=N: a second set of clients whose users are members of N organizations, so
        // every action of theirs is also attributed and added to the organizations' roll-ups. The two
        // sets take turns round by round on the same server and database, and the program reports both.
        boolean withOrganizations = Integer.getInteger("bench.organizations", 0) > 0;
        List<String> memberIds = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            admin.createUser("bench-ingest", "client" + c, "pw-" + c);
            if (withOrganizations) {
                memberIds.add(admin.createUser("bench-ingest", "member" + c, "pw-" + c));
            }
        }
        int organizations = BenchSupport.joinOrganizations(admin, "bench-ingest", memberIds);
        // One pre-serialised body per client: the benchmark measures the server, not Jackson here.
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            items.add(Map.of("action", NAMES[i % NAMES.length], "page", "/jobs/" + i,
                    "target", Map.of("type", "candidate", "id", "c" + i, "name", "Candidate " + i),
                    "properties", Map.of("source", "search", "rank", i)));
        }
        String body = Http.toJson(Map.of("actions", items));
        String url = server.baseUrl() + "/realms/bench-ingest/org-analytics/actions";
        BenchSupport.Operation plain = poster(url, body, tokens("client", clients));
        BenchSupport.Operation members = withOrganizations ? poster(url, body, tokens("member", clients)) : null;

        System.out.println("warm-up...");
        for (int w = 0; w < warmups; w++) {
            BenchSupport.throughput(clients, seconds, plain);
            if (members != null) {
                BenchSupport.throughput(clients, seconds, members);
            }
        }
        List<Double> rates = new ArrayList<>();
        List<Double> memberRates = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            double rate = BenchSupport.throughput(clients, seconds, plain);
            rates.add(rate);
            System.out.printf("round %d %s actions/s%n", r + 1, fmt(rate));
            if (members != null) {
                double memberRate = BenchSupport.throughput(clients, seconds, members);
                memberRates.add(memberRate);
                System.out.printf("round %d %s actions/s with organizations%n", r + 1, fmt(memberRate));
            }
        }
        System.out.println();
        System.out.println("RESULT action-ingest db=" + server.db() + " clients=" + clients + " batch=" + batch
                + " rounds=" + rounds + " seconds=" + seconds + " warm-up rounds=" + warmups);
        System.out.println("RESULT median " + fmt(BenchSupport.median(rates)) + " actions/s  " + rates);
        if (members != null) {
            System.out.println("RESULT median with organizations (" + organizations + ") "
                    + fmt(BenchSupport.median(memberRates)) + " actions/s  " + memberRates);
        }
        System.out.println("RESULT machine " + BenchSupport.machine());
        System.exit(0);
    }

    /** Each thread posts {@code body} as its own client of {@code tokens}, in turn. */
    private static BenchSupport.Operation poster(String url, String body, List<String> tokens) {
        AtomicInteger next = new AtomicInteger();
        ThreadLocal<String> mine = ThreadLocal.withInitial(() -> tokens.get(next.getAndIncrement() % tokens.size()));
        return () -> {
            Http.Response r = Http.send("POST", url, mine.get(), body);
            if (r.status() != 202) throw new IllegalStateException(r.status() + " " + r.body());
            return r.json().path("accepted").asInt();
        };
    }

    /** Tokens of the users {@code prefix}0 to {@code prefix}(n-1), password "pw-" and their number. */
    private static List<String> tokens(String prefix, int n) {
        List<String> tokens = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            tokens.add(Tokens.password("bench-ingest", "web", null, prefix + c, "pw-" + c));
        }
        return tokens;
    }
}
