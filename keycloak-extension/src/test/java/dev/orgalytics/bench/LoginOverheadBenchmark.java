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
 *
 * <p>{@code -Dbench.refresh=true}: the refresh-heavy variant. Each operation refreshes a user's
 * token instead of a password login (the listener counts it as session activity: at most one write
 * per user and quarter hour, the rest a look-up in memory); every side starts with one password
 * grant per user, outside the measured time.
 */
public final class LoginOverheadBenchmark {

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 20);
        double seconds = Double.parseDouble(System.getProperty("bench.seconds", "10"));
        int threads = Integer.getInteger("bench.threads", 4);
        double warmup = Double.parseDouble(System.getProperty("bench.warmup", "180"));

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
        List<String> userIds = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            userIds.add(admin.createUser("bench-login", "user" + i, "pw-" + i));
        }
        // bench.organizations=N: each login also looks up the user's organizations and adds to their roll-ups.
        int organizations = BenchSupport.joinOrganizations(admin, "bench-login", userIds);
        boolean refreshes = Boolean.getBoolean("bench.refresh");
        String unit = refreshes ? "refreshes/s" : "logins/s";
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReferenceArray<String> refreshTokens = new java.util.concurrent.atomic.AtomicReferenceArray<>(users);
        BenchSupport.Operation password = () -> {
            int i = Math.floorMod(next.getAndIncrement(), users);
            Http.Response r = Tokens.passwordGrantResponse("bench-login", "web", null, "user" + i, "pw-" + i);
            if (r.status() != 200) throw new IllegalStateException(r.body());
            return 1;
        };
        String tokenUrl = server.baseUrl() + "/realms/bench-login/protocol/openid-connect/token";
        BenchSupport.Operation refresh = () -> {
            int i = Math.floorMod(next.getAndIncrement(), users);
            Http.Response r = Http.postForm(tokenUrl, Map.of("grant_type", "refresh_token", "client_id", "web",
                    "refresh_token", refreshTokens.get(i)));
            if (r.status() != 200) throw new IllegalStateException(r.body());
            refreshTokens.set(i, r.json().path("refresh_token").asText());
            return 1;
        };
        BenchSupport.Operation login = refreshes ? refresh : password;
        // Each side's sessions are logged out first, so each starts with fresh tokens of every user.
        Runnable prepare = !refreshes ? () -> { } : () -> {
            for (int i = 0; i < users; i++) {
                refreshTokens.set(i, Tokens.passwordGrantResponse("bench-login", "web", null, "user" + i, "pw-" + i)
                        .ok("grant").json().path("refresh_token").asText());
            }
        };

        System.out.println("warm-up...");
        // Keycloak keeps getting faster for about three minutes after start (JIT): logins/s rose from
        // ~170 to ~300 over the first rounds of a run with 30 s of warm-up. Both sides are warmed, in
        // alternating 30 s slices, before anything is measured.
        for (double done = 0; done < warmup; done += 30) {
            double slice = Math.min(30, warmup - done);
            for (boolean enabled : new boolean[] {true, false}) {
                System.out.printf("warm-up listener %-8s %s %s%n", enabled ? "enabled" : "disabled",
                        fmt(side(server, admin, enabled, threads, slice, prepare, login)), unit);
            }
        }

        List<Double> on = new ArrayList<>(), off = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            // Alternate which side goes first, so neither always follows the other.
            boolean[] order = r % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true};
            for (boolean enabled : order) {
                double rate = side(server, admin, enabled, threads, seconds, prepare, login);
                (enabled ? on : off).add(rate);
                System.out.printf("round %d listener %-8s %s %s%n", r + 1, enabled ? "enabled" : "disabled", fmt(rate), unit);
            }
        }
        double medOn = BenchSupport.median(on), medOff = BenchSupport.median(off);
        List<Double> pairRatios = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            pairRatios.add(on.get(r) / off.get(r));
        }
        // The ratio is that of all logins in the enabled rounds to all logins in the disabled rounds
        // (equal time on each side). Keycloak is still speeding up after minutes of load; with the
        // order flipping every round (enabled, disabled, disabled, enabled, ...) a steady drift adds
        // the same to both sums, whereas a ratio of the two medians moves with whichever rounds
        // happen to sit in the middle of each side. The other two estimates are printed for comparison.
        double ratio = on.stream().mapToDouble(Double::doubleValue).sum() / off.stream().mapToDouble(Double::doubleValue).sum();
        System.out.println();
        System.out.println("RESULT " + (refreshes ? "refresh-overhead" : "login-overhead") + " db=" + server.db() + " organizations=" + organizations + " threads=" + threads + " rounds=" + rounds
                + " seconds=" + seconds + " warmup=" + warmup + " per side");
        System.out.println("RESULT enabled  median " + fmt(medOn) + " " + unit + "  " + on);
        System.out.println("RESULT disabled median " + fmt(medOff) + " " + unit + "  " + off);
        System.out.println("RESULT ratio enabled/disabled (all operations of each side) = " + ratio3(ratio));
        System.out.println("RESULT for comparison: ratio of the medians = " + ratio3(medOn / medOff)
                + ", median of the rounds' own ratios = " + ratio3(BenchSupport.median(pairRatios)));
        System.out.println("RESULT machine " + BenchSupport.machine());
        System.exit(0);
    }

    /** One stretch of one side, from the same starting state every time; returns operations/s. */
    private static double side(KeycloakServer server, AdminClient admin, boolean enabled, int threads, double seconds,
                               Runnable prepare, BenchSupport.Operation operation) throws Exception {
        setListener(admin, enabled);
        // Every password grant leaves a user session; without this, both sides slow down as they pile up.
        admin.postJson("/admin/realms/bench-login/logout-all", null).ok("logout-all");
        vacuumSessionTables(server);
        prepare.run();
        return BenchSupport.throughput(threads, seconds, operation);
    }

    private static String ratio3(double value) {
        return String.format(java.util.Locale.ROOT, "%.3f", value);
    }

    /**
     * Keycloak 26 keeps user sessions in the database, and the logout-all before each round deletes
     * thousands of them. Left to autovacuum, those dead rows slow whichever rounds run before it
     * happens to pass (the database's CPU per login doubled within a run); vacuumed here, every
     * round of either side starts from the same tables.
     */
    private static void vacuumSessionTables(KeycloakServer server) throws java.sql.SQLException {
        if (!"postgres".equals(server.db())) {
            return;
        }
        try (java.sql.Connection c = server.openJdbc(); java.sql.Statement s = c.createStatement()) {
            s.execute("VACUUM OFFLINE_USER_SESSION, OFFLINE_CLIENT_SESSION");
        }
    }

    /** Compared against Keycloak's default listener set, which every realm starts with. */
    private static void setListener(AdminClient admin, boolean enabled) {
        admin.updateRealm("bench-login", Map.of("eventsListeners",
                enabled ? List.of("jboss-logging", "org-analytics") : List.of("jboss-logging")));
    }
}
