package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code audit-reads}: report reads recorded as Keycloak admin events. Keycloak stores the events
 * in its own tables, so the database adds nothing here: the pom runs this on the H2 passes and on
 * 26.7.3, each a restart of Keycloak with the option and one back.
 */
class AuditReadsIT {

    /** Restarts Keycloak with the option, then restores the usual options for the other tests. */
    @Test
    void auditReadsRecordsJsonReportReadsAsAdminEvents() {
        KeycloakServer server = KeycloakServer.get();
        Fixtures.Realm realm = Fixtures.realm("audit-reads");
        realm.admin().updateRealm(realm.name(), Map.of("adminEventsEnabled", true));
        String api = "/admin/realms/" + realm.name() + "/org-analytics";
        realm.admin().getJson(api + "/summary").ok("summary without the option");
        assertEquals(0, readEvents(realm).size(), "off by default: only exports are recorded");
        realm.admin().getJson(api + "/usage?format=csv").ok("an export");
        assertEquals(1, readEvents(realm).size(), "an export is recorded either way");
        try {
            server.restartWith("--spi-admin-realm-restapi-extension-org-analytics-audit-reads=true");
            AdminClient admin = new AdminClient();
            admin.getJson(api + "/summary").ok("summary");
            admin.getJson(api + "/leaderboard").ok("leaderboard");
            admin.getJson(api + "/catalog").ok("catalog");
            List<String> reads = new ArrayList<>();
            readEvents(realm, admin).forEach(e -> reads.add(e.path("resourcePath").asText()));
            assertEquals(4, reads.size(), "the export before and the three reads: " + reads);
            assertTrue(reads.stream().anyMatch(p -> p.contains("org-analytics/summary")), reads.toString());
            assertTrue(reads.stream().anyMatch(p -> p.contains("org-analytics/leaderboard")), reads.toString());
            assertTrue(reads.stream().anyMatch(p -> p.contains("org-analytics/catalog")), reads.toString());
        } finally {
            server.restartWith();
        }
    }

    private static List<JsonNode> readEvents(Fixtures.Realm realm) {
        return readEvents(realm, realm.admin());
    }

    private static List<JsonNode> readEvents(Fixtures.Realm realm, AdminClient admin) {
        JsonNode events = admin.getJson("/admin/realms/" + realm.name() + "/admin-events?operationTypes=ACTION&resourceTypes=CUSTOM")
                .ok("admin events").json();
        List<JsonNode> out = new ArrayList<>();
        events.forEach(out::add);
        return out;
    }

}
