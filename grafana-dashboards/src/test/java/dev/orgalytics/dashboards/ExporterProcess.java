package dev.orgalytics.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The real metrics exporter, {@code java -jar org-analytics-metrics-exporter.jar}, configured by environment. */
final class ExporterProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final String baseUrl;

    private ExporterProcess(Process process, Path log, String baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    /** Starts the jar with exactly {@code env} as its configuration and waits until /health answers 200. */
    static ExporterProcess start(Path jar, Map<String, String> env, int port, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("exporter jar not found: " + jar + " (the reactor builds metrics-exporter first)");
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Only the configuration under test: nothing from the developer's shell may change it.
        builder.environment().keySet().removeIf(k -> k.startsWith("KEYCLOAK_") || k.startsWith("EXPORTER_"));
        builder.environment().putAll(env);
        try {
            ExporterProcess exporter = new ExporterProcess(builder.start(), log, "http://127.0.0.1:" + port);
            exporter.awaitHealthy();
            return exporter;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the exporter", e);
        }
    }

    private void awaitHealthy() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String[] last = {"no answer"};
        try {
            Waits.until("the exporter's /health to answer 200", Duration.ofSeconds(90), () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The exporter exited with " + process.exitValue() + ":\n" + Repo.text(log));
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/health"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    last[0] = r.statusCode() + " " + r.body();
                    return r.statusCode() == 200;
                } catch (IOException notYet) {
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }, () -> last[0] + "\nexporter log:\n" + tail());
        } catch (RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    long pid() {
        return process.pid();
    }

    String tail() {
        List<String> lines = Repo.text(log).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() {
        Waits.stop(process);
    }
}
