package dev.orgalytics.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.orgalytics.store.AnalyticsStore;
import dev.orgalytics.store.LoginRow;

/**
 * A bounded queue and one background thread that stores captured events in batches (up to
 * {@code batch-size} events, or what arrived within one flush interval of the first), each batch in
 * its own transaction. The login request only pays for an {@code offer}; a slow or failing database
 * costs analytics rows (counted in {@link CaptureStats}), never a login.
 */
final class LoginWriter {

    private static final Logger LOG = Logger.getLogger(LoginWriter.class);
    private static final int ATTEMPTS = 3;

    private final KeycloakSessionFactory factory;
    private final BlockingQueue<LoginRow> queue;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final CaptureStats stats;
    private final Thread thread;
    private volatile boolean running = true;
    private long lastDropLog;

    LoginWriter(KeycloakSessionFactory factory, int capacity, int batchSize, long flushIntervalMillis, CaptureStats stats) {
        this.factory = factory;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.flushIntervalNanos = TimeUnit.MILLISECONDS.toNanos(flushIntervalMillis);
        this.stats = stats;
        this.thread = new Thread(this::run, "org-analytics-login-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Hands a committed event to the writer; never blocks. */
    void offer(LoginRow row) {
        if (queue.offer(row)) {
            stats.queued.incrementAndGet();
            return;
        }
        stats.dropped.incrementAndGet();
        long now = System.currentTimeMillis();
        if (now - lastDropLog > 60_000) {
            lastDropLog = now;
            LOG.warnf("Org Analytics capture queue is full; %d events dropped so far", stats.dropped.get());
        }
    }

    private void run() {
        List<LoginRow> batch = new ArrayList<>(batchSize);
        while (running || !queue.isEmpty()) {
            try {
                if (BatchCollector.collect(queue, batch, batchSize, flushIntervalNanos, () -> running) > 0) {
                    store(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable t) {
                LOG.error("Org Analytics login writer failed", t);
            } finally {
                batch.clear();
            }
        }
    }

    private void store(List<LoginRow> batch) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                List<LoginRow> rows = List.copyOf(batch);
                KeycloakModelUtils.runJobInTransaction(factory, session -> AnalyticsStore.write(session, writer -> {
                    writer.writeLogins(rows);
                    return null;
                }));
                stats.stored.addAndGet(batch.size());
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS) {
                    stats.failed.addAndGet(batch.size());
                    LOG.errorf(e, "Org Analytics could not store %d login events after %d attempts", batch.size(), attempt);
                    return;
                }
                Thread.sleep(100L * attempt);
            }
        }
    }

    /** Stops taking new work and stores what is queued, waiting at most {@code timeoutMillis}. */
    void close(long timeoutMillis) {
        // No interrupt: the writer notices within one flush interval (an open batch within 50 ms),
        // stores its batch and drains the queue.
        running = false;
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
