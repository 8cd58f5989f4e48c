package dev.orgalytics.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The dashboards as Grafana will read them, and their provisioning files, checked without Grafana. */
class DashboardStructureTest {

    /** The dashboards the README describes, by their stable uid. */
    private static final Set<String> EXPECTED_UIDS = Set.of("org-analytics-usage", "org-analytics-leaderboard",
            "org-analytics-user-actions", "org-analytics-exporter-health", "org-analytics-realms",
            "org-analytics-organizations");

    /** Grafana's global variables that may appear in a Prometheus query or a link. */
    private static final Set<String> BUILT_IN_VARIABLES = Set.of("__rate_interval", "__interval", "__interval_ms",
            "__range", "__range_s", "__range_ms", "__from", "__to", "__dashboard", "__org", "__user", "timeFilter");

    private static final String DATASOURCE_UID = "${datasource}";

    /** Panel types that draw numbers and must say what the numbers are. */
    private static final Set<String> TYPES_WITH_UNITS = Set.of("stat", "timeseries", "bargauge", "gauge", "table");

    private static final Pattern COUNTER = Pattern.compile("\\b[a-z_:][a-z0-9_:]*_total\\b");

    private final List<Dashboard> dashboards = Dashboard.all();

    @Test
    void theDocumentedDashboardsExistWithUniqueStableUids() {
        List<String> uids = dashboards.stream().map(Dashboard::uid).toList();
        assertEquals(EXPECTED_UIDS, Set.copyOf(uids), "dashboard uids");
        assertEquals(uids.size(), new HashSet<>(uids).size(), "uids must be unique: " + uids);
        for (Dashboard d : dashboards) {
            String name = d.file().getFileName().toString();
            assertTrue(d.uid().matches("[a-z0-9-]{1,40}"), name + ": uid must be short and URL-safe: " + d.uid());
            int schema = d.json().path("schemaVersion").asInt();
            assertTrue(schema >= 39 && schema <= 41, name + ": schemaVersion of a current Grafana, was " + schema);
            // A numeric id or __inputs would tie the file to one Grafana instance or to UI import.
            assertTrue(d.json().path("id").isMissingNode() || d.json().path("id").isNull(), name + ": no database id");
            assertTrue(d.json().path("__inputs").isMissingNode(), name + ": __inputs cannot be filled by provisioning");
            assertFalse(d.title().isBlank(), name + ": title");
        }
    }

    @Test
    void panelIdsAreUniqueWithinEachDashboard() {
        for (Dashboard d : dashboards) {
            List<Integer> ids = d.panels().stream().map(p -> p.path("id").asInt(-1)).toList();
            assertFalse(ids.contains(-1), d.title() + ": every panel needs an id");
            assertEquals(ids.size(), new HashSet<>(ids).size(), d.title() + ": duplicate panel ids " + ids);
        }
    }

    @Test
    void panelsFitTheGridWithoutOverlapping() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : dashboards) {
            List<JsonNode> panels = d.panels();
            for (int i = 0; i < panels.size(); i++) {
                JsonNode a = panels.get(i).path("gridPos");
                if (a.path("x").asInt() + a.path("w").asInt() > 24 || a.path("w").asInt() < 1 || a.path("h").asInt() < 1) {
                    problems.add(d.title() + ": panel " + panels.get(i).path("title").asText() + " outside the 24-column grid");
                }
                for (int j = i + 1; j < panels.size(); j++) {
                    JsonNode b = panels.get(j).path("gridPos");
                    boolean overlap = a.path("x").asInt() < b.path("x").asInt() + b.path("w").asInt()
                            && b.path("x").asInt() < a.path("x").asInt() + a.path("w").asInt()
                            && a.path("y").asInt() < b.path("y").asInt() + b.path("h").asInt()
                            && b.path("y").asInt() < a.path("y").asInt() + a.path("h").asInt();
                    if (overlap) {
                        problems.add(d.title() + ": panels " + panels.get(i).path("title").asText() + " and "
                                + panels.get(j).path("title").asText() + " overlap");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void aDatasourceVariableAndNotInputsSelectsPrometheus() {
        for (Dashboard d : dashboards) {
            JsonNode datasource = d.variables().get("datasource");
            assertTrue(datasource != null, d.title() + ": needs the datasource variable");
            assertEquals("datasource", datasource.path("type").asText(), d.title());
            assertEquals("prometheus", datasource.path("query").asText(), d.title());
            for (JsonNode variable : d.variables().values()) {
                if ("query".equals(variable.path("type").asText())) {
                    assertPrometheusVariableRef(variable.path("datasource"), d.title() + ", variable " + variable.path("name"));
                }
            }
        }
    }

    @Test
    void everyPanelQueriesPrometheusThroughTheVariable() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : dashboards) {
            for (JsonNode panel : d.panels()) {
                if (Dashboard.isRow(panel)) {
                    continue;
                }
                String where = d.title() + ", panel \"" + panel.path("title").asText() + "\"";
                if (!isVariableRef(panel.path("datasource"))) {
                    problems.add(where + ": datasource must be " + DATASOURCE_UID + ", was " + panel.path("datasource"));
                }
                Set<String> refIds = new HashSet<>();
                int withExpr = 0;
                for (JsonNode target : panel.path("targets")) {
                    if (!isVariableRef(target.path("datasource"))) {
                        problems.add(where + ", target " + target.path("refId").asText() + ": datasource " + target.path("datasource"));
                    }
                    if (!refIds.add(target.path("refId").asText())) {
                        problems.add(where + ": duplicate refId " + target.path("refId").asText());
                    }
                    if (!target.path("expr").asText().isBlank()) {
                        withExpr++;
                    }
                }
                if (withExpr == 0) {
                    problems.add(where + ": no target with an expr");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyVariableUsedIsDefinedOrBuiltIn() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : dashboards) {
            Set<String> defined = d.variables().keySet();
            for (String text : d.strings()) {
                for (String used : PromQl.variables(text)) {
                    if (!defined.contains(used) && !BUILT_IN_VARIABLES.contains(used)) {
                        problems.add(d.title() + ": $" + used + " is not defined, in: " + text);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void realmVariableListsTheRealmsTheExporterReports() {
        for (Dashboard d : dashboards) {
            boolean usesRealm = d.queries().stream().anyMatch(q -> PromQl.variables(q.expr()).contains("realm"));
            if (!usesRealm) {
                continue;
            }
            List<Dashboard.LabelValuesQuery> realm = d.labelValuesQueries().stream()
                    .filter(q -> q.variable().equals("realm")).toList();
            assertEquals(1, realm.size(), d.title() + ": realm variable");
            assertEquals("org_analytics_users", realm.get(0).selector(), d.title());
            assertEquals("realm", realm.get(0).label(), d.title());
        }
    }

    @Test
    void queriesUseOnlyTheDocumentedSeriesAndEverySeriesHasAPanel() {
        Set<String> documented = DocumentedMetrics.fromReadme();
        // Sanity of the source itself: both README tables, the Keycloak counters and the exporter gauges.
        assertTrue(documented.contains("org_analytics_logins_total"), "README Keycloak metrics table: " + documented);
        assertTrue(documented.contains("org_analytics_users"), "README metrics exporter table: " + documented);

        Set<String> used = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Dashboard d : dashboards) {
            for (Dashboard.Query q : d.queries()) {
                for (String metric : PromQl.metricNames(q.expr())) {
                    used.add(metric);
                    if (!documented.contains(metric)) {
                        problems.add(q + ": " + metric + " is not a documented series");
                    }
                }
            }
            for (Dashboard.LabelValuesQuery q : d.labelValuesQueries()) {
                for (String metric : PromQl.metricNames(q.selector())) {
                    used.add(metric);
                    if (!documented.contains(metric)) {
                        problems.add(q + ": " + metric + " is not a documented series");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        Set<String> unused = new TreeSet<>(documented);
        unused.removeAll(used);
        assertEquals(Set.of(), unused, "documented series no dashboard shows");
    }

    /**
     * Counters are per Keycloak node (and per exporter) and restart at zero: only rate()/increase() of them
     * mean anything, and only summed over instances.
     */
    @Test
    void countersAreReadAsSummedRatesOrIncreases() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : dashboards) {
            for (Dashboard.Query q : d.queries()) {
                Matcher counter = COUNTER.matcher(q.expr());
                while (counter.find()) {
                    String before = q.expr().substring(0, counter.start());
                    if (!before.matches("(?s).*\\b(rate|increase)\\(\\s*$")) {
                        problems.add(q + ": " + counter.group() + " outside rate()/increase()");
                    }
                    if (!before.matches("(?s).*\\bsum\\b.*")) {
                        problems.add(q + ": " + counter.group() + " not summed over instances");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void numericPanelsHaveUnits() {
        List<String> problems = new ArrayList<>();
        for (Dashboard d : dashboards) {
            for (JsonNode panel : d.panels()) {
                String type = panel.path("type").asText();
                if (Dashboard.isRow(panel)) {
                    continue;
                }
                if (!TYPES_WITH_UNITS.contains(type)) {
                    problems.add(d.title() + ": panel type " + type + " is not checked by this test; add it");
                } else if (panel.path("fieldConfig").path("defaults").path("unit").asText().isBlank()) {
                    problems.add(d.title() + ", panel \"" + panel.path("title").asText() + "\": no unit");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void dashboardProviderPointsAtTheMountedDashboardsDirectory() throws IOException {
        JsonNode provisioning = Repo.yaml(Repo.path("grafana-dashboards/provisioning/dashboards/org-analytics.yml"));
        assertEquals(1, provisioning.path("apiVersion").asInt());
        JsonNode providers = provisioning.path("providers");
        assertEquals(1, providers.size(), "one file provider");
        JsonNode provider = providers.get(0);
        assertEquals("file", provider.path("type").asText());
        String containerPath = provider.path("options").path("path").asText();

        // The compose file decides what that container path holds.
        Map<String, Path> grafanaMounts = Compose.load().bindMounts("grafana");
        Path hostDir = grafanaMounts.get(containerPath);
        assertTrue(hostDir != null, "docker-compose.yml mounts nothing at " + containerPath + ": " + grafanaMounts);
        assertEquals(Repo.path(Dashboard.DIRECTORY), hostDir, "the provider must load the dashboards of this module");
        try (Stream<Path> files = Files.list(hostDir)) {
            Set<String> inDir = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json"))
                    .collect(Collectors.toSet());
            assertEquals(dashboards.stream().map(d -> d.file().getFileName().toString()).collect(Collectors.toSet()), inDir);
        }
        // Grafana reads its provisioning from fixed directories; both of ours must land there.
        assertEquals(Repo.path("grafana-dashboards/provisioning/dashboards"), grafanaMounts.get("/etc/grafana/provisioning/dashboards"));
        assertEquals(Repo.path("grafana-dashboards/provisioning/datasources"), grafanaMounts.get("/etc/grafana/provisioning/datasources"));
    }

    @Test
    void datasourceProvisioningDefinesTheDefaultPrometheus() {
        JsonNode provisioning = Repo.yaml(Repo.path("grafana-dashboards/provisioning/datasources/prometheus.yml"));
        JsonNode datasources = provisioning.path("datasources");
        assertEquals(1, datasources.size());
        JsonNode ds = datasources.get(0);
        assertEquals("prometheus", ds.path("type").asText());
        assertTrue(ds.path("uid").asText().matches("[a-z0-9-]{1,40}"), "a fixed uid: " + ds.path("uid"));
        // The dashboards' datasource variable picks the default Prometheus datasource on first load.
        assertTrue(ds.path("isDefault").asBoolean(), "isDefault");
    }

    private static boolean isVariableRef(JsonNode datasource) {
        return "prometheus".equals(datasource.path("type").asText()) && DATASOURCE_UID.equals(datasource.path("uid").asText());
    }

    private static void assertPrometheusVariableRef(JsonNode datasource, String where) {
        assertTrue(isVariableRef(datasource), where + ": datasource must be {type: prometheus, uid: " + DATASOURCE_UID
                + "}, was " + datasource);
    }
}
