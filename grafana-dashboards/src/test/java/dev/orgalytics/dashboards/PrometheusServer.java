package dev.orgalytics.dashboards;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A real Prometheus ({@code /usr/bin/prometheus}) on a free port with its own configuration and storage
 * under {@code target/}, and the parts of its HTTP API Grafana uses.
 */
final class PrometheusServer implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final String baseUrl;

    private PrometheusServer(Process process, String baseUrl) {
        this.process = process;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts Prometheus scraping each job's single target every second; returns once it answers ready.
     *
     * @param jobs job name to "host:port" (all scraped at /metrics)
     */
    static PrometheusServer start(Path workDir, int port, Map<String, String> jobs) {
        Path binary = Tools.require("/usr/bin/prometheus", "prometheus");
        try {
            deleteRecursively(workDir);
            Files.createDirectories(workDir);
            Path config = workDir.resolve("prometheus.yml");
            Files.writeString(config, config(jobs));
            Process process = new ProcessBuilder(binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + workDir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--log.level=warn")
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("prometheus.log").toFile())
                    .start();
            PrometheusServer server = new PrometheusServer(process, "http://127.0.0.1:" + port);
            server.awaitReady(workDir.resolve("prometheus.log"));
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start Prometheus", e);
        }
    }

    static String config(Map<String, String> jobs) {
        String scrapeConfigs = jobs.entrySet().stream()
                .map(job -> "  - job_name: " + job.getKey() + "\n"
                        + "    metrics_path: /metrics\n"
                        + "    static_configs:\n"
                        + "      - targets: [\"" + job.getValue() + "\"]\n")
                .collect(Collectors.joining());
        return "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n" + scrapeConfigs;
    }

    long pid() {
        return process.pid();
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Prometheus exited with " + process.exitValue() + ": " + Repo.text(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Waits.sleep(200);
        }
        throw new IllegalStateException("Prometheus not ready after 60 s: " + Repo.text(log));
    }

    /** Health of every active scrape target by job ("up", "down", "unknown"), with the last error. */
    Map<String, String> targetHealth() {
        JsonNode targets = get("/api/v1/targets?state=active").path("data").path("activeTargets");
        return Stream.iterate(0, i -> i < targets.size(), i -> i + 1).map(targets::get)
                .collect(Collectors.toMap(t -> t.path("labels").path("job").asText(),
                        t -> t.path("health").asText() + (t.path("lastError").asText().isEmpty() ? "" : ": " + t.path("lastError").asText()),
                        (a, b) -> a + ", " + b));
    }

    /** The raw response of an instant query: {@code status}, {@code data.result}, or {@code error}. */
    JsonNode query(String expr, Instant at) {
        return get("/api/v1/query?query=" + enc(expr) + "&time=" + at.getEpochSecond());
    }

    /** The raw response of a range query. */
    JsonNode queryRange(String expr, Instant start, Instant end, Duration step) {
        return get("/api/v1/query_range?query=" + enc(expr) + "&start=" + start.getEpochSecond()
                + "&end=" + end.getEpochSecond() + "&step=" + step.toSeconds());
    }

    /** What Grafana's {@code label_values(selector, label)} asks: the label's values on matching series. */
    JsonNode labelValues(String label, String selector) {
        return get("/api/v1/label/" + label + "/values?match[]=" + enc(selector));
    }

    /** The value of a single-series instant query, or NaN when it has no series. */
    double value(String expr) {
        JsonNode result = query(expr, Instant.now()).path("data").path("result");
        return result.isEmpty() ? Double.NaN : Double.parseDouble(result.get(0).path("value").get(1).asText());
    }

    private JsonNode get(String pathAndQuery) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            // 400/422 carry {"status":"error","errorType":...,"error":...}: return it for the caller to report.
            return Repo.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        Waits.stop(process);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static List<String> describe(JsonNode response) {
        return List.of(response.path("status").asText(), response.path("errorType").asText(), response.path("error").asText());
    }
}
