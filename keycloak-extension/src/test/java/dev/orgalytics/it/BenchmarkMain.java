package dev.orgalytics.it;

/**
 * How a benchmark program's {@code main} runs: its body, then the end of the JVM with 0 or, after
 * printing the failure, 1. exec:java waits for every non-daemon thread before it reports an
 * exception, so a failed request inside a worker pool left a program waiting forever, silent.
 */
public final class BenchmarkMain {

    /** A benchmark's body. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private BenchmarkMain() {
    }

    public static void run(Body body) {
        int status = 1;
        try {
            body.run();
            status = 0;
        } catch (Throwable e) {
            e.printStackTrace();
        } finally {
            System.out.flush();
            System.exit(status);
        }
    }
}
