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
 * Login throughput through the real token endpoint with the org-analytics listener enabled and
 * disabled on the same Keycloak, in alternating rounds (so drift such as JIT warm-up or database
 * growth hits both sides). Password hashing is made cheap so that the listener's cost is visible
 * rather than drowned by PBKDF2. Run with {@code benchmarks/run.sh login}.
 */
public final class LoginOverheadBenchmark {

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 6);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "15"));
        int threads = Integer.getInteger("bench.threads", 4);
        double warmup = Double.parseDouble(System.getProperty("bench.warmup", "30"));

        // The production flush interval: the tests' 100 ms means ten write transactions a second
        // competing with the logins for the two cores, which no deployment runs with.
        System.setProperty("it.flushIntervalMillis", System.getProperty("it.flushIntervalMillis", "1000"));
        KeycloakServer server = KeycloakServer.get();
        AdminClient admin = new AdminClient();
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm("bench-login");
        realm.setEnabled(true);
        realm.setPasswordPolicy("hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        admin.createRealm(realm);
        admin.createPublicClient("bench-login", "web");
        int users = 50;
        for (int i = 0; i < users; i++) {
            admin.createUser("bench-login", "user" + i, "pw-" + i);
        }
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        BenchSupport.Operation login = () -> {
            int i = Math.floorMod(next.getAndIncrement(), users);
            Http.Response r = Tokens.passwordGrantResponse("bench-login", "web", null, "user" + i, "pw-" + i);
            if (r.status() != 200) throw new IllegalStateException(r.body());
            return 1;
        };

        System.out.println("warm-up...");
        // Keycloak keeps getting faster for minutes after start (JIT); warm both sides before measuring.
        setListener(admin, true);
        BenchSupport.throughput(threads, warmup, login);
        setListener(admin, false);
        BenchSupport.throughput(threads, warmup, login);

        List<Double> on = new ArrayList<>(), off = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            // Alternate which side goes first, so neither always follows the other.
            boolean[] order = r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true};
            for (boolean enabled : order) {
                setListener(admin, enabled);
                // Every password grant leaves a user session; without this, both sides slow down as they pile up.
                admin.postJson("/admin/realms/bench-login/logout-all", null).ok("logout-all");
                double rate = BenchSupport.throughput(threads, seconds, login);
                (enabled ? on : off).add(rate);
                System.out.printf("round %d listener %-8s %s logins/s%n", r + 1, enabled ? "enabled" : "disabled", fmt(rate));
            }
        }
        double medOn = BenchSupport.median(on), medOff = BenchSupport.median(off);
        System.out.println();
        System.out.println("RESULT login-overhead db=" + server.db() + " threads=" + threads + " rounds=" + rounds
                + " seconds=" + seconds);
        System.out.println("RESULT enabled  median " + fmt(medOn) + " logins/s  " + on);
        System.out.println("RESULT disabled median " + fmt(medOff) + " logins/s  " + off);
        System.out.println("RESULT ratio enabled/disabled = " + String.format(java.util.Locale.ROOT, "%.3f", medOn / medOff));
        System.out.println("RESULT machine " + BenchSupport.machine());
        System.exit(0);
    }

    /** Compared against Keycloak's default listener set, which every realm starts with. */
    private static void setListener(AdminClient admin, boolean enabled) {
        admin.updateRealm("bench-login", Map.of("eventsListeners",
                enabled ? List.of("jboss-logging", "org-analytics") : List.of("jboss-logging")));
    }
}
