package dev.orgalytics.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml: accepted by the real docker-compose, and consistent with the files it mounts, the realm it
 * imports, the Prometheus configuration and the Grafana provisioning. (There is no container engine here, so
 * the stack itself runs in DashboardQueriesIT from the same jars and settings, without containers.)
 */
class ComposeFileTest {

    private static final Pattern POM_KEYCLOAK_VERSION = Pattern.compile("<keycloak.version>([^<]+)</keycloak.version>");
    /** An exact release: digits and dots, optionally a "v" before and a variant ("-jre", "_6-jre") after. */
    private static final Pattern PINNED_TAG = Pattern.compile("v?\\d+\\.\\d+(\\.\\d+)?([._-][A-Za-z0-9._-]+)?");

    private final Compose compose = Compose.load();

    @Test
    void dockerComposeAcceptsTheFile() {
        String dockerCompose = Tools.require("/usr/bin/docker-compose", "docker-compose").toString();
        Tools.Result result = Tools.run(Repo.root(), List.of(dockerCompose, "-f", "docker-compose.yml", "config"));
        assertEquals(0, result.exitCode(), result.output());
        // It prints the normalised file: every service made it through.
        for (String service : compose.serviceNames()) {
            assertTrue(result.output().contains("  " + service + ":"), service + " missing from:\n" + result.output());
        }
    }

    @Test
    void dockerComposeRejectsAnInvalidFile() throws Exception {
        // Proof that the check above can fail: an unknown service key in a copy of the file.
        Path broken = Files.createDirectories(Repo.path("grafana-dashboards/target")).resolve("docker-compose-broken.yml");
        Files.writeString(broken, Repo.text(Repo.path("docker-compose.yml")).replace("    depends_on:", "    depends_onn:"));
        Tools.Result result = Tools.run(Repo.root(), List.of(Tools.require("/usr/bin/docker-compose", "docker-compose").toString(),
                "-f", broken.toString(), "--project-directory", Repo.root().toString(), "config"));
        assertTrue(result.exitCode() != 0, result.output());
        assertTrue(result.output().contains("depends_onn"), result.output());
    }

    @Test
    void theStackHasItsFiveServices() {
        assertEquals(Set.of("postgres", "keycloak", "metrics-exporter", "prometheus", "grafana"), Set.copyOf(compose.serviceNames()));
    }

    @Test
    void everyBindMountedHostPathExists() {
        List<String> missing = new ArrayList<>();
        for (String service : compose.serviceNames()) {
            for (Compose.Mount mount : compose.mounts(service)) {
                assertTrue(mount.host().startsWith(Repo.root()), service + " mounts from outside the repository: " + mount);
                assertTrue(mount.readOnly(), service + ": bind mounts are read-only: " + mount);
                if (!Files.exists(mount.host())) {
                    missing.add(service + ": " + Repo.root().relativize(mount.host()));
                }
            }
        }
        assertEquals(List.of(), missing, "bind-mounted paths missing (the jars come from mvn -DskipTests package)");
    }

    @Test
    void everyImageIsPinnedToAnExactVersion() {
        for (String service : compose.serviceNames()) {
            String image = compose.image(service);
            int colon = image.lastIndexOf(':');
            assertTrue(colon > image.lastIndexOf('/'), service + ": image without a tag: " + image);
            String tag = image.substring(colon + 1);
            assertFalse(tag.contains("latest"), service + ": " + image);
            assertTrue(PINNED_TAG.matcher(tag).matches(), service + ": not an exact version: " + image);
        }
        Matcher pom = POM_KEYCLOAK_VERSION.matcher(Repo.text(Repo.path("pom.xml")));
        assertTrue(pom.find());
        assertEquals("quay.io/keycloak/keycloak:" + pom.group(1), compose.image("keycloak"),
                "the stack runs the Keycloak version the extension is built and tested against");
    }

    @Test
    void keycloakRunsTheExtensionWithMetricsOnPostgresAndImportsTheDemoRealm() {
        Map<String, Path> mounts = compose.bindMounts("keycloak");
        assertEquals(Repo.path("keycloak-extension/target/org-analytics-keycloak.jar"),
                mounts.get("/opt/keycloak/providers/org-analytics-keycloak.jar"));
        assertEquals(Repo.path("demo/acme-realm.json"), mounts.get("/opt/keycloak/data/import/acme-realm.json"));
        List<String> command = compose.command("keycloak");
        assertTrue(command.containsAll(List.of("--import-realm", "--metrics-enabled=true", "--health-enabled=true")), command.toString());
        Map<String, String> env = compose.environment("keycloak");
        assertEquals("postgres", env.get("KC_DB"));
        URI db = URI.create(env.get("KC_DB_URL").substring("jdbc:".length()));
        assertEquals("postgres", db.getHost());
        assertEquals("/" + compose.environment("postgres").get("POSTGRES_DB"), db.getPath());
        assertEquals(compose.environment("postgres").get("POSTGRES_USER"), env.get("KC_DB_USERNAME"));
        assertEquals(compose.environment("postgres").get("POSTGRES_PASSWORD"), env.get("KC_DB_PASSWORD"));
        assertTrue(compose.service("keycloak").path("depends_on").has("postgres"));
    }

    @Test
    void theExporterReachesKeycloakWithTheClientOfTheImportedRealm() {
        Map<String, String> env = compose.environment("metrics-exporter");
        URI keycloak = URI.create(env.get("KEYCLOAK_URL"));
        assertEquals("keycloak", keycloak.getHost(), "KEYCLOAK_URL names the keycloak service");
        assertEquals(8080, keycloak.getPort(), "Keycloak's HTTP port (no --http-port in its command)");
        assertTrue(compose.command("keycloak").stream().noneMatch(a -> a.startsWith("--http-port")));

        JsonNode realm = Repo.json(Repo.path("demo/acme-realm.json"));
        assertEquals(realm.path("realm").asText(), env.get("KEYCLOAK_REALM"), "the exporter's client lives in the imported realm");
        assertEquals(realm.path("realm").asText(), env.get("EXPORTER_REALMS"));
        JsonNode client = null;
        for (JsonNode c : realm.path("clients")) {
            if (c.path("clientId").asText().equals(env.get("KEYCLOAK_CLIENT_ID"))) {
                client = c;
            }
        }
        assertNotNull(client, "client " + env.get("KEYCLOAK_CLIENT_ID") + " in demo/acme-realm.json");
        assertFalse(client.path("publicClient").asBoolean(true), "confidential");
        assertTrue(client.path("serviceAccountsEnabled").asBoolean(), "service account");
        assertFalse(client.path("standardFlowEnabled").asBoolean(true), "no browser logins");
        assertFalse(client.path("directAccessGrantsEnabled").asBoolean(true), "no password grants");
        assertEquals(client.path("secret").asText(), env.get("KEYCLOAK_CLIENT_SECRET"));

        // The service account holds exactly the one role the reports need.
        JsonNode serviceAccount = null;
        for (JsonNode user : realm.path("users")) {
            if (user.path("serviceAccountClientId").asText().equals(env.get("KEYCLOAK_CLIENT_ID"))) {
                serviceAccount = user;
            }
        }
        assertNotNull(serviceAccount, "service account user of " + env.get("KEYCLOAK_CLIENT_ID"));
        assertEquals(Map.of("realm-management", List.of("view-org-analytics-totals")),
                Repo.JSON.convertValue(serviceAccount.path("clientRoles"), Map.class));
        assertTrue(serviceAccount.path("realmRoles").isEmpty(), "no realm roles");
        assertTrue(serviceAccount.path("groups").isEmpty(), "no groups");

        // It runs the jar the build produces.
        Map<String, Path> mounts = compose.bindMounts("metrics-exporter");
        List<String> command = compose.command("metrics-exporter");
        String jar = command.get(command.indexOf("-jar") + 1);
        assertEquals(Repo.path("metrics-exporter/target/org-analytics-metrics-exporter.jar"), mounts.get(jar));
        assertTrue(compose.image("metrics-exporter").startsWith("eclipse-temurin:17"), "a Java 17 runtime, the build's release");
    }

    @Test
    void prometheusScrapesKeycloakAndTheExporterByServiceNameAndPort() {
        Map<String, Path> mounts = compose.bindMounts("prometheus");
        String configFlag = compose.command("prometheus").stream().filter(a -> a.startsWith("--config.file="))
                .findFirst().orElseThrow().substring("--config.file=".length());
        assertEquals(Repo.path("prometheus/prometheus.yml"), mounts.get(configFlag));

        JsonNode config = Repo.yaml(Repo.path("prometheus/prometheus.yml"));
        Set<String> targets = new TreeSet<>();
        for (JsonNode job : config.path("scrape_configs")) {
            assertEquals("/metrics", job.path("metrics_path").asText("/metrics"), job.path("job_name").asText());
            for (JsonNode staticConfig : job.path("static_configs")) {
                staticConfig.path("targets").forEach(t -> targets.add(t.asText()));
            }
        }
        int exporterPort = Compose.address(compose.environment("metrics-exporter").get("EXPORTER_LISTEN")).getPort();
        // Keycloak serves /metrics on its management port, 9000 unless --http-management-port moves it.
        assertTrue(compose.command("keycloak").stream().noneMatch(a -> a.startsWith("--http-management-port")));
        assertEquals(Set.of("keycloak:9000", "metrics-exporter:" + exporterPort), targets);
    }

    @Test
    void grafanasDatasourceIsThePrometheusService() {
        JsonNode datasource = Repo.yaml(Repo.path("grafana-dashboards/provisioning/datasources/prometheus.yml"))
                .path("datasources").get(0);
        URI url = URI.create(datasource.path("url").asText());
        assertEquals("prometheus", url.getHost());
        // Prometheus listens on 9090 unless --web.listen-address says otherwise.
        assertTrue(compose.command("prometheus").stream().noneMatch(a -> a.startsWith("--web.listen-address")));
        assertEquals(9090, url.getPort());
        assertTrue(compose.service("grafana").path("depends_on").toString().contains("prometheus"));
    }
}
