package dev.orgalytics.exporter.snapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A realm's organizations over the 30-day window, bounded like mysqld_exporter's top-N statements:
 * the {@code max} most active keep their own series, everything after them is summed as
 * {@value UsageSnapshot#OTHER}, so a realm's series stay bounded whatever number of organizations it holds.
 *
 * <p>Built from one page of the admin API's organizations report sorted by active members, most
 * first: "most active" is the API's order (active members, then name), and an organization without
 * active members had no successful login and no action in the window, which is what makes it
 * dormant. Every organization after the first dormant one is dormant too, so the page holds every
 * active organization as long as fewer than a page of them are active.
 *
 * @param total   the realm's organizations (the report's {@code total}, whatever the page held)
 * @param dormant organizations without a successful login or an action in the window
 * @param top     the kept organizations in the API's order, then {@value UsageSnapshot#OTHER} when
 *                the page held more; keyed by the {@code organization} label
 */
public record OrganizationUsage(long total, long dormant, Map<String, Counts> top) {

    /** One organization's numbers (or the sum of those in {@value UsageSnapshot#OTHER}). */
    public record Counts(long members, long activeMembers, long logins, long actions) {

        Counts plus(Counts o) {
            return new Counts(members + o.members, activeMembers + o.activeMembers, logins + o.logins, actions + o.actions);
        }
    }

    /** One row of the report, as far as the exporter reads it. */
    public record Row(String label, Counts counts) {
    }

    /** From the organizations report's answer ({@code total} and the page of {@code organizations}). */
    public static OrganizationUsage fromApi(JsonNode answer, int max) {
        JsonNode total = answer.get("total");
        if (total == null || !total.isNumber()) {
            throw new IllegalArgumentException("organizations field total missing or not a number");
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode o : answer.path("organizations")) {
            rows.add(new Row(label(o), new Counts(o.path("members").asLong(), o.path("activeMembers").asLong(),
                    o.path("logins").asLong(), o.path("actions").asLong())));
        }
        return of(total.asLong(), rows, max);
    }

    /**
     * The first {@code max} rows by their label, the rest summed as {@value UsageSnapshot#OTHER}
     * (present only when there is a rest). An organization whose
     * alias is itself "other" adds to that series, so no two series share their labels.
     */
    public static OrganizationUsage of(long total, List<Row> mostActiveFirst, int max) {
        Map<String, Counts> top = new LinkedHashMap<>();
        long active = 0;
        for (int i = 0; i < mostActiveFirst.size(); i++) {
            Row row = mostActiveFirst.get(i);
            if (row.counts().activeMembers() > 0) {
                active++;
            }
            top.merge(i < max ? row.label() : UsageSnapshot.OTHER, row.counts(), Counts::plus);
        }
        return new OrganizationUsage(total, total - active, top);
    }

    /** The alias: unique in the realm, readable, and fixed once the organization exists (a name can change). */
    private static String label(JsonNode organization) {
        String alias = organization.path("alias").asText("");
        return alias.isEmpty() ? organization.path("id").asText() : alias;
    }
}
