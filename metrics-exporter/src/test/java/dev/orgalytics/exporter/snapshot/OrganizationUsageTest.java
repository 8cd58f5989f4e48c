package dev.orgalytics.exporter.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.orgalytics.exporter.snapshot.OrganizationUsage.Counts;
import dev.orgalytics.exporter.snapshot.OrganizationUsage.Row;

class OrganizationUsageTest {

    @Test
    void theMostActiveKeepTheirSeriesAndTheRestIsSummedAsOther() {
        List<Row> rows = List.of(row("acme", 9, 5, 12, 40), row("globex", 4, 3, 7, 2), row("initech", 6, 1, 1, 9),
                row("hooli", 2, 1, 0, 3), row("umbrella", 8, 0, 0, 0), row("wayne", 1, 0, 0, 0));

        OrganizationUsage u = OrganizationUsage.of(6, rows, 2);

        assertEquals(List.of("acme", "globex", "other"), List.copyOf(u.top().keySet()), "the API's order, then other");
        assertEquals(new Counts(9, 5, 12, 40), u.top().get("acme"));
        assertEquals(new Counts(6 + 2 + 8 + 1, 1 + 1, 1, 9 + 3), u.top().get("other"));
        assertEquals(6, u.total());
        assertEquals(2, u.dormant(), "umbrella and wayne: no active member");
    }

    @Test
    void otherAppearsOnlyWhenSomethingIsLeftOver() {
        List<Row> rows = List.of(row("acme", 3, 2, 2, 5), row("globex", 1, 0, 0, 0));
        assertEquals(List.of("acme", "globex"), List.copyOf(OrganizationUsage.of(2, rows, 2).top().keySet()));
        assertEquals(List.of("acme", "globex"), List.copyOf(OrganizationUsage.of(2, rows, 50).top().keySet()));

        OrganizationUsage none = OrganizationUsage.of(0, List.of(), 50);
        assertEquals(Map.of(), none.top(), "a realm without organizations (or with them off) has no per-organization series");
        assertEquals(0, none.dormant());
    }

    @Test
    void cardinalityIsBoundedWhateverTheRealmHolds() {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(row(String.format("org-%04d", i), 2, i < 700 ? 1 : 0, i < 700 ? 1 : 0, 0));
        }
        OrganizationUsage u = OrganizationUsage.of(5000, rows, 50);
        assertEquals(51, u.top().size());
        assertEquals(new Counts(2 * 950, 650, 650, 0), u.top().get("other"));
        assertEquals(5000 - 700, u.dormant(), "every organization after the page is dormant when the page ends with dormant ones");
    }

    @Test
    void anOrganizationAliasedOtherAddsToOtherInsteadOfDuplicatingItsLabels() {
        OrganizationUsage u = OrganizationUsage.of(3, List.of(row("acme", 1, 1, 1, 1), row("other", 2, 2, 2, 2),
                row("zeta", 4, 0, 0, 0)), 2);
        assertEquals(List.of("acme", "other"), List.copyOf(u.top().keySet()));
        assertEquals(new Counts(6, 2, 2, 2), u.top().get("other"));
    }

    @Test
    void readsTheReportsAnswerAndFallsBackToTheIdWithoutAnAlias() throws Exception {
        ObjectMapper json = new ObjectMapper();
        OrganizationUsage u = OrganizationUsage.fromApi(json.readTree("{\"total\": 3, \"organizations\": ["
                + "{\"id\": \"1\", \"alias\": \"acme\", \"name\": \"Acme\", \"members\": 4, \"activeMembers\": 2, \"logins\": 5,"
                + " \"failedLogins\": 1, \"actions\": 7, \"lastActivityAt\": \"2026-11-30T10:00:00Z\"},"
                + "{\"id\": \"2\", \"alias\": \"\", \"name\": \"No alias\", \"members\": 1, \"activeMembers\": 1, \"logins\": 1,"
                + " \"failedLogins\": 0, \"actions\": 0, \"lastActivityAt\": \"2026-11-29T10:00:00Z\"},"
                + "{\"id\": \"3\", \"alias\": \"idle\", \"name\": \"Idle\", \"members\": 2, \"activeMembers\": 0, \"logins\": 0,"
                + " \"failedLogins\": 3, \"actions\": 0, \"lastActivityAt\": null}]}"), 50);
        assertEquals(Map.of("acme", new Counts(4, 2, 5, 7), "2", new Counts(1, 1, 1, 0), "idle", new Counts(2, 0, 0, 0)), u.top());
        assertEquals(1, u.dormant(), "failed logins are no activity");
        assertThrows(IllegalArgumentException.class, () -> OrganizationUsage.fromApi(json.readTree("{\"organizations\": []}"), 50));
    }

    private static Row row(String alias, long members, long active, long logins, long actions) {
        return new Row(alias, new Counts(members, active, logins, actions));
    }
}
