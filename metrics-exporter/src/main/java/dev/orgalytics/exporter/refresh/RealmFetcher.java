package dev.orgalytics.exporter.refresh;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches many realms at once on a fixed pool of workers, so that hundreds of realms fit in one
 * refresh interval while Keycloak never sees more than {@code concurrency} requests from the
 * exporter. Each realm stands alone: a realm that fails, or is still unanswered at the deadline,
 * keeps its previous value and is reported in {@link Outcome#failures()}; it never delays or blanks
 * the others.
 *
 * @param <T> what one realm's fetch gives
 */
public final class RealmFetcher<T> implements AutoCloseable {

    /** One realm's fetch; any exception fails that realm only. */
    @FunctionalInterface
    public interface Fetch<T> {
        T fetch(String realm) throws Exception;
    }

    /**
     * The realms in the order they were asked for: fresh values, or the previous value of a realm
     * that failed (absent when it never had one); {@code failures} says why, per realm.
     */
    public record Outcome<T>(Map<String, T> values, Map<String, String> failures) {
    }

    private final ExecutorService pool;

    public RealmFetcher(int concurrency) {
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "org-analytics-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Fetches every realm, waiting at most {@code deadline} in all; unfinished fetches are then
     * cancelled (their worker interrupted) and count as failed.
     */
    public Outcome<T> fetchAll(List<String> realms, Map<String, T> previous, Fetch<T> fetch, Duration deadline)
            throws InterruptedException {
        Map<String, Future<T>> pending = new LinkedHashMap<>();
        for (String realm : realms) {
            pending.putIfAbsent(realm, pool.submit(() -> fetch.fetch(realm)));
        }
        long end = System.nanoTime() + deadline.toNanos();
        Map<String, T> values = new LinkedHashMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Future<T>> e : pending.entrySet()) {
                String realm = e.getKey();
                String failure;
                try {
                    values.put(realm, e.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS));
                    continue;
                } catch (ExecutionException ex) {
                    failure = describe(ex.getCause());
                } catch (TimeoutException | CancellationException ex) {
                    e.getValue().cancel(true);
                    failure = "no answer within " + deadline.toSeconds() + " s (the refresh deadline)";
                }
                failures.put(realm, failure);
                T kept = previous.get(realm);
                if (kept != null) {
                    values.put(realm, kept);
                }
            }
        } finally {
            // Interrupted (the exporter is stopping): leave no fetch running behind the caller's back.
            pending.values().forEach(f -> f.cancel(true));
        }
        return new Outcome<>(values, failures);
    }

    private static String describe(Throwable t) {
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
