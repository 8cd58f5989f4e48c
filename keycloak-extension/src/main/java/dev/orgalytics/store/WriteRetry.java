package dev.orgalytics.store;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;

/**
 * How a write transaction that lost a race with a concurrent writer is run again: the one policy
 * for the action endpoint and the tests that reproduce its races.
 *
 * <p>Full jitter with an exponential ceiling: a fixed, linearly growing pause let the losers of one
 * round meet again in the next (on H2, which looks keys up before inserting, 20 writers sharing 60
 * keys ran out of 10 attempts under load); a doubling ceiling spreads them apart quickly while the
 * usual single retry still waits only a few milliseconds.
 */
public final class WriteRetry {

    /** Attempts in all, the first included; the last one's failure is answered (500, nothing stored). */
    public static final int ATTEMPTS = 12;

    private static final long FIRST_CEILING_MILLIS = 10;
    private static final long MAX_CEILING_MILLIS = 1000;

    /** A write that may throw the database's exception. */
    @FunctionalInterface
    public interface Write<T, E extends Exception> {
        T run() throws E;
    }

    private WriteRetry() {
    }

    /** Runs {@code write} until it succeeds, fails for a reason a retry cannot fix, or used every attempt. */
    public static <T, E extends Exception> T run(Write<T, E> write, IntConsumer onRetry) throws E {
        for (int attempt = 1; ; attempt++) {
            try {
                return write.run();
            } catch (Exception e) {
                if (attempt >= ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
                onRetry.accept(attempt);
                pause(attempt);
            }
        }
    }

    /**
     * Whether a failed transaction may succeed when run again: a unique-key clash with a concurrent
     * writer (class 23, H2's look-up-then-insert), a deadlock or a serialization failure (class 40:
     * PostgreSQL's 40P01 and 40001, MariaDB's 1213 and lock wait time-outs, reported as 40001 or HY000).
     */
    public static boolean isRetryable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("23") || state.startsWith("40"))) {
                    return true;
                }
                // MariaDB/MySQL: 1213 deadlock, 1205 lock wait timeout.
                if (sql.getErrorCode() == 1213 || sql.getErrorCode() == 1205) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The ceiling of the pause after failed attempt {@code attempt}: 10, 20, 40 ... ms, at most 1 s. */
    static long ceilingMillis(int attempt) {
        return Math.min(MAX_CEILING_MILLIS, FIRST_CEILING_MILLIS << Math.min(attempt - 1, 20));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(1 + ThreadLocalRandom.current().nextLong(ceilingMillis(attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
