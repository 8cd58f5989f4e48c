package dev.orgalytics.exporter;

import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

import dev.orgalytics.exporter.config.ExporterConfig;
import dev.orgalytics.exporter.http.MetricsServer;
import dev.orgalytics.exporter.keycloak.AdminApiClient;

/** {@code java -jar org-analytics-metrics-exporter.jar [--flag=value ...]}; see {@code --help}. */
public final class Main {

    private static final Logger LOG = Logger.getLogger(Main.class.getName());

    /** A running exporter: the refresh schedule and the HTTP server. */
    public record Running(Exporter exporter, MetricsServer server) implements AutoCloseable {
        @Override
        public void close() {
            server.close();
            exporter.close();
        }
    }

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(ExporterConfig.help());
            return;
        }
        ExporterConfig config;
        try {
            config = ExporterConfig.from(System.getenv(), args);
        } catch (ExporterConfig.InvalidConfigException e) {
            System.err.println("org-analytics-exporter: invalid configuration:");
            e.problems().forEach(p -> System.err.println("  - " + p));
            System.err.println("(--help lists the options)");
            System.exit(2);
            return;
        }
        Running running = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "org-analytics-shutdown"));
        LOG.info(() -> "serving /metrics and /health on " + config.listen().getHostString() + ":" + running.server().port()
                + ", refreshing from " + config.keycloakUrl() + " every " + config.refreshInterval().toSeconds() + " s");
        new CountDownLatch(1).await();
    }

    public static Running start(ExporterConfig config) throws IOException {
        AdminApiClient api = new AdminApiClient(config.keycloakUrl(), config.keycloakRealm(), config.clientId(),
                config.clientSecret(), Clock.systemUTC());
        Exporter exporter = new Exporter(config, api, Clock.systemUTC());
        MetricsServer server = new MetricsServer(config.listen(), exporter);
        exporter.start();
        return new Running(exporter, server);
    }
}
