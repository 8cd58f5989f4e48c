package dev.orgalytics.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** prometheus/prometheus.yml as the real Prometheus tooling judges it. */
class PrometheusConfigTest {

    @Test
    void promtoolAcceptsTheStackConfiguration() {
        String promtool = Tools.require("/usr/bin/promtool", "prometheus").toString();
        Tools.Result result = Tools.run(Repo.root(), List.of(promtool, "check", "config", "prometheus/prometheus.yml"));
        assertEquals(0, result.exitCode(), result.output());
        assertTrue(result.output().contains("SUCCESS"), result.output());
    }

    @Test
    void promtoolRejectsABrokenConfiguration() throws Exception {
        // The check above must be able to fail: the same command on a config with a typo'd key.
        Path broken = Files.createDirectories(Repo.path("grafana-dashboards/target")).resolve("prometheus-broken.yml");
        Files.writeString(broken, Repo.text(Repo.path("prometheus/prometheus.yml"))
                .replace("scrape_interval:", "scrape_intervall:"));
        String promtool = Tools.require("/usr/bin/promtool", "prometheus").toString();
        Tools.Result result = Tools.run(Repo.root(), List.of(promtool, "check", "config", broken.toString()));
        assertTrue(result.exitCode() != 0, result.output());
        assertTrue(result.output().contains("scrape_intervall"), result.output());
    }
}
