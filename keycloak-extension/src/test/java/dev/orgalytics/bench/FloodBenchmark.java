package dev.orgalytics.bench;

import static dev.orgalytics.bench.BenchSupport.fmt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import org.keycloak.representations.idm.RealmRepresentation;

import dev.orgalytics.it.AdminClient;
import dev.orgalytics.it.BenchmarkMain;
import dev.orgalytics.it.Http;
import dev.orgalytics.it.KeycloakServer;
import dev.orgalytics.it.Tokens;

/**
 * Other users' login latency while one user floods the action endpoint at full speed, against the
 * same Keycloak with nobody flooding, in alternating rounds. The quotas run with their defaults, so
 * the flood is mostly answered 429 after its first burst; the target is a flooded median within
 * 1.2× of the unflooded one. Run with {@code benchmarks/run.sh flood}.
 */
public final class FloodBenchmark {

    public static void main(String[] args) {
        BenchmarkMain.run(FloodBenchmark::run);
    }

    private static void run() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 10);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "15"));
        int loginThreads = Integer.getInteger("bench.threads", 2);
        int floodThreads = Integer.getInteger("bench.floodThreads", 4);
        double warmup = Double.parseDouble(System.getProperty("bench.warmup", "120"));

        System.setProperty("it.flushIntervalMillis", System.getProperty("it.flushIntervalMillis", "1000"));
        KeycloakServer server = KeycloakServer.get();
        AdminClient admin = new AdminClient();
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm("bench-flood");
        realm.setEnabled(true);
        realm.setAccessTokenLifespan(3600);
        realm.setPasswordPolicy("hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        realm.setEventsListeners(List.of("jboss-logging", "org-analytics"));
        admin.createRealm(realm);
        admin.createPublicClient("bench-flood", "web");
        int users = 50;
        for (int i = 0; i < users; i++) {
            admin.createUser("bench-flood", "user" + i, "pw-" + i);
        }
        admin.createUser("bench-flood", "flooder", "pw-flooder");
        // Every round logs all sessions out, the flooder's too: it signs in again at the start of each round.
        AtomicReference<String> floodToken = new AtomicReference<>();
        Runnable floodLogin = () -> floodToken.set(Tokens.password("bench-flood", "web", null, "flooder", "pw-flooder"));
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            items.add(Map.of("action", "made_up_" + (i % 50), "page", "/flood/" + i, "properties", Map.of("n", i)));
        }
        String floodBody = Http.toJson(Map.of("actions", items));
        String url = server.baseUrl() + "/realms/bench-flood/org-analytics/actions";

        AtomicInteger next = new AtomicInteger();
        BenchSupport.Operation login = () -> {
            int i = Math.floorMod(next.getAndIncrement(), users);
            Http.Response r = Tokens.passwordGrantResponse("bench-flood", "web", null, "user" + i, "pw-" + i);
            if (r.status() != 200) throw new IllegalStateException(r.body());
            return 1;
        };
        LongAdder accepted = new LongAdder(), limited = new LongAdder();
        // The flooder is another program with connections of its own (a script on HTTP/1.1). Sharing the
        // logins' client would put both on one HTTP/2 connection, where the flood's request bodies hold
        // the connection's flow-control window and stall the logins: an artifact of the benchmark.
        HttpClient floodClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        Runnable floodOnce = () -> {
            HttpResponse<String> r;
            try {
                r = floodClient.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                        .header("Authorization", "Bearer " + floodToken.get()).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(floodBody)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (r.statusCode() == 202) accepted.add(new Http.Response(r.statusCode(), r.body(), r.headers()).json().path("accepted").asInt());
            else if (r.statusCode() == 429) limited.increment();
            else throw new IllegalStateException("flood request answered " + r.statusCode() + " " + r.body());
        };

        System.out.println("warm-up...");
        for (double done = 0; done < warmup; done += 30) {
            for (boolean flooded : new boolean[] {true, false}) {
                System.out.printf("warm-up %-10s median %s ms%n", flooded ? "flooded" : "unflooded",
                        fmt(median(round(admin, floodLogin, flooded, loginThreads, floodThreads, Math.min(30, warmup - done), login, floodOnce))));
            }
        }
        long acceptedBefore = accepted.sum(), limitedBefore = limited.sum();
        List<Double> quiet = new ArrayList<>(), flood = new ArrayList<>();
        List<Double> quietAll = new ArrayList<>(), floodAll = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            boolean[] order = r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true};
            for (boolean flooded : order) {
                List<Double> ms = round(admin, floodLogin, flooded, loginThreads, floodThreads, seconds, login, floodOnce);
                (flooded ? flood : quiet).add(median(ms));
                (flooded ? floodAll : quietAll).addAll(ms);
                System.out.printf("round %d %-10s median %s ms over %d logins%n", r + 1, flooded ? "flooded" : "unflooded",
                        fmt(median(ms)), ms.size());
            }
        }
        double ratio = median(floodAll) / median(quietAll);
        System.out.println();
        System.out.println("RESULT flood db=" + server.db() + " login threads=" + loginThreads + " flood threads=" + floodThreads
                + " rounds=" + rounds + " seconds=" + seconds + " warmup=" + warmup);
        System.out.println("RESULT unflooded login median " + fmt(median(quietAll)) + " ms, p90 " + fmt(p90(quietAll)) + " ms; rounds " + quiet);
        System.out.println("RESULT flooded   login median " + fmt(median(floodAll)) + " ms, p90 " + fmt(p90(floodAll)) + " ms; rounds " + flood);
        // The median alone hides stalls: a login held for a second barely moves it but halves the count.
        System.out.println("RESULT logins per second: unflooded " + fmt(quietAll.size() / (rounds * seconds))
                + ", flooded " + fmt(floodAll.size() / (rounds * seconds)) + "; mean " + fmt(mean(quietAll)) + " ms vs "
                + fmt(mean(floodAll)) + " ms; max " + fmt(Collections.max(quietAll)) + " ms vs " + fmt(Collections.max(floodAll)) + " ms");
        System.out.println("RESULT ratio flooded/unflooded (median of all logins) = " + String.format(java.util.Locale.ROOT, "%.3f", ratio)
                + " (target <= 1.2)");
        System.out.println("RESULT flood during measured rounds: " + (accepted.sum() - acceptedBefore) + " actions accepted, "
                + (limited.sum() - limitedBefore) + " requests answered 429");
        System.out.println("RESULT machine " + BenchSupport.machine());
    }

    /** One round: logins from {@code loginThreads} for {@code seconds}, with or without the flood; each login's latency in ms. */
    private static List<Double> round(AdminClient admin, Runnable floodLogin, boolean flooded, int loginThreads, int floodThreads, double seconds,
                                      BenchSupport.Operation login, Runnable floodOnce) throws Exception {
        admin.postJson("/admin/realms/bench-flood/logout-all", null).ok("logout-all");
        floodLogin.run();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(loginThreads + floodThreads);
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> futures = new ArrayList<>();
        if (flooded) {
            for (int t = 0; t < floodThreads; t++) {
                futures.add(pool.submit(() -> {
                    while (!stop.get()) floodOnce.run();
                    return null;
                }));
            }
        }
        for (int t = 0; t < loginThreads; t++) {
            futures.add(pool.submit(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    login.run();
                    latencies.add((System.nanoTime() - start) / 1e6);
                }
                return null;
            }));
        }
        try {
            Thread.sleep((long) (seconds * 1000));
            stop.set(true);
            for (Future<?> f : futures) f.get();
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        return new ArrayList<>(latencies);
    }

    private static double median(List<Double> values) {
        return values.isEmpty() ? Double.NaN : BenchSupport.median(values);
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double p90(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.round(0.9 * (sorted.size() - 1))));
    }
}
