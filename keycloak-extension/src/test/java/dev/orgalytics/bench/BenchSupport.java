package dev.orgalytics.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import dev.orgalytics.it.AdminClient;

/** Timing helpers shared by the benchmark programs. */
final class BenchSupport {

    private BenchSupport() {
    }

    /** An operation that returns how many units of work it did (1 login, 100 actions...). */
    interface Operation {
        int run() throws Exception;
    }

    /** Runs {@code op} from {@code threads} threads for {@code seconds}; returns units per second. */
    static double throughput(int threads, double seconds, Operation op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder units = new LongAdder();
        List<Future<?>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit((Callable<Void>) () -> {
                while (!stop.get()) {
                    units.add(op.run());
                }
                return null;
            }));
        }
        Thread.sleep((long) (seconds * 1000));
        stop.set(true);
        for (Future<?> f : futures) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return units.sum() / elapsed;
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String machine() {
        return Runtime.getRuntime().availableProcessors() + " cores, "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB max heap (bench JVM), "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java " + System.getProperty("java.version");
    }

    /**
     * With {@code bench.organizations} N above 0: turns organizations on in {@code realm}, creates N
     * organizations and makes every one of {@code userIds} a member of {@code bench.orgsPerUser}
     * (default 1) of them, round robin, so the benchmark runs with the organizations' look-up and
     * roll-ups on. Returns N.
     */
    static int joinOrganizations(AdminClient admin, String realm, List<String> userIds) {
        int n = Integer.getInteger("bench.organizations", 0);
        if (n <= 0) {
            return 0;
        }
        int perUser = Math.min(n, Integer.getInteger("bench.orgsPerUser", 1));
        admin.updateRealm(realm, Map.of("organizationsEnabled", true));
        List<String> ids = new ArrayList<>();
        for (int o = 0; o < n; o++) {
            String alias = realm + "-org-" + o;
            ids.add(admin.postJson("/admin/realms/" + realm + "/organizations", Map.of("name", alias, "alias", alias,
                    "domains", List.of(Map.of("name", alias + ".example.com")))).ok("create " + alias).createdId());
        }
        for (int u = 0; u < userIds.size(); u++) {
            for (int k = 0; k < perUser; k++) {
                String org = ids.get((u + k) % n);
                admin.postJson("/admin/realms/" + realm + "/organizations/" + org + "/members", "\"" + userIds.get(u) + "\"")
                        .ok("join " + org);
            }
        }
        System.out.printf(Locale.ROOT, "organizations: %d, each user a member of %d%n", n, perUser);
        return n;
    }
}
