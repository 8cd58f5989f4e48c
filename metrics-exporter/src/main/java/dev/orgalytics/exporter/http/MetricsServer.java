package dev.orgalytics.exporter.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.orgalytics.exporter.Exporter;
import dev.orgalytics.exporter.Json;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;

/**
 * {@code /metrics} (Prometheus text 0.0.4 or OpenMetrics, as the scraper's Accept header asks) and
 * {@code /health} (200 while the snapshot is fresh, 503 with the reason otherwise).
 */
public final class MetricsServer implements AutoCloseable {

    private final HttpServer server;
    private final Exporter exporter;
    private final ExpositionFormats formats = ExpositionFormats.init();

    public MetricsServer(InetSocketAddress address, Exporter exporter) throws IOException {
        this.exporter = exporter;
        this.server = HttpServer.create(address, 16);
        server.createContext("/metrics", this::metrics);
        server.createContext("/health", this::health);
        server.createContext("/", this::notFound);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "org-analytics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            send(exchange, 405, "text/plain; charset=utf-8", "GET only\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        ExpositionFormatWriter writer = formats.findWriter(exchange.getRequestHeaders().getFirst("Accept"));
        ByteArrayOutputStream body = new ByteArrayOutputStream(16_384);
        writer.write(body, exporter.registry().scrape());
        send(exchange, 200, writer.getContentType(), body.toByteArray());
    }

    private void health(HttpExchange exchange) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode();
        boolean healthy = exporter.lastError() == null && !exporter.stale();
        body.put("status", healthy ? "UP" : "DOWN");
        if (!healthy) {
            body.put("reason", exporter.lastError() != null ? exporter.lastError() : "snapshot older than two refresh intervals");
        }
        send(exchange, healthy ? 200 : 503, "application/json", Json.MAPPER.writeValueAsBytes(body));
    }

    private void notFound(HttpExchange exchange) throws IOException {
        send(exchange, 404, "application/json",
                "{\"error\":\"not_found\",\"message\":\"see /metrics and /health\"}".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
