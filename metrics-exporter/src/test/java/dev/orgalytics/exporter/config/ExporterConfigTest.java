package dev.orgalytics.exporter.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ExporterConfigTest {

    @Test
    void defaultsNeedOnlyTheSecret() throws Exception {
        ExporterConfig c = ExporterConfig.from(Map.of("KEYCLOAK_CLIENT_SECRET", "s3cret"));
        assertEquals("http://localhost:8080", c.keycloakUrl().toString());
        assertEquals("master", c.keycloakRealm());
        assertEquals("org-analytics-exporter", c.clientId());
        assertEquals(List.of(), c.realms(), "every realm the service account may view");
        assertEquals(Duration.ofSeconds(60), c.refreshInterval());
        assertEquals(10, c.leaderboardSize());
        assertEquals(100, c.maxActionNames());
        assertEquals(50, c.maxOrganizations());
        assertEquals(ZoneId.of("UTC"), c.timeZone());
        assertEquals(9850, c.listen().getPort());
        assertEquals(4, c.concurrency());
    }

    @Test
    void flagsWinOverTheEnvironment() throws Exception {
        ExporterConfig c = ExporterConfig.from(Map.of("KEYCLOAK_CLIENT_SECRET", "env", "EXPORTER_REALMS", "a, b",
                        "KEYCLOAK_URL", "https://sso.example.com/"),
                "--client-secret=flag", "--refresh-interval=15", "--time-zone=Europe/Berlin", "--listen=127.0.0.1:0",
                "--concurrency=16", "--max-organizations=0");
        assertEquals("flag", c.clientSecret());
        assertEquals(List.of("a", "b"), c.realms());
        assertEquals("https://sso.example.com", c.keycloakUrl().toString(), "trailing slash dropped");
        assertEquals(Duration.ofSeconds(15), c.refreshInterval());
        assertEquals(ZoneId.of("Europe/Berlin"), c.timeZone());
        assertEquals("127.0.0.1", c.listen().getHostString());
        assertEquals(16, c.concurrency());
        assertEquals(0, c.maxOrganizations(), "0 turns the organization series off");
        assertEquals(1000, ExporterConfig.from(Map.of("KEYCLOAK_CLIENT_SECRET", "s", "EXPORTER_MAX_ORGANIZATIONS", "1000"))
                .maxOrganizations(), "one page of the admin API");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ExporterConfig.InvalidConfigException e = assertThrows(ExporterConfig.InvalidConfigException.class,
                () -> ExporterConfig.from(Map.of("KEYCLOAK_URL", "ftp://x", "EXPORTER_REFRESH_INTERVAL", "0",
                        "EXPORTER_LEADERBOARD_SIZE", "101", "EXPORTER_TIME_ZONE", "Mars/Olympus", "EXPORTER_LISTEN", "nowhere"),
                        "--bogus=1", "--concurrency=0", "--max-organizations=1001"));
        List<String> p = e.problems();
        assertEquals(9, p.size(), p.toString());
        assertTrue(p.contains("EXPORTER_MAX_ORGANIZATIONS must be a whole number from 0 to 1000, was 1001"), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("EXPORTER_CONCURRENCY")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("KEYCLOAK_CLIENT_SECRET")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("--bogus=1")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("EXPORTER_REFRESH_INTERVAL")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("EXPORTER_LEADERBOARD_SIZE")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("Mars/Olympus")), p.toString());
    }

    @Test
    void helpNamesEveryOption() {
        String help = ExporterConfig.help();
        for (ExporterConfig.Option o : ExporterConfig.Option.values()) {
            assertTrue(help.contains(o.name()) && help.contains(o.flag), o.name());
        }
    }
}
