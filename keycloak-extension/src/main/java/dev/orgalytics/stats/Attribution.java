package dev.orgalytics.stats;

/**
 * The organizations events were attributed to when they happened, as an {@link Sql} condition on the
 * raw reports: the one place the {@code organization} filter of the actions and logins reports is
 * written. A login keeps its organizations in {@code OA_LOGIN_EVENT_ORG}, a row each. An action of one
 * organization keeps it in its own row ({@code OA_ACTION.ORG_ID}); an action of several, and every
 * action stored before version 0.11, in {@code OA_ACTION_ORG}, a row each. The condition reads the
 * indexes (realm, organization, time) of those places for the range and keeps the events by id, so a
 * filtered page costs the organization's events of the range, not the realm's.
 */
public enum Attribution {
    LOGINS(null, "OA_LOGIN_EVENT_ORG", "EVENT_ID", "EVENT_TIME"),
    ACTIONS("OA_ACTION", "OA_ACTION_ORG", "ACTION_ID", "OCCURRED_AT");

    /** The events' own table when its rows carry their one organization ({@code ORG_ID}), else null. */
    private final String eventTable;
    /** The table of one row per event and organization. */
    private final String table;
    private final String eventColumn;
    private final String timeColumn;

    Attribution(String eventTable, String table, String eventColumn, String timeColumn) {
        this.eventTable = eventTable;
        this.table = table;
        this.eventColumn = eventColumn;
        this.timeColumn = timeColumn;
    }

    /**
     * {@code " AND <idColumn> IN (events of the organization in the range)"}; nothing when
     * {@code organizationId} is null (no filter).
     */
    Sql condition(String idColumn, String realmId, String organizationId, ReportRange range) {
        if (organizationId == null) {
            return Sql.EMPTY;
        }
        Sql rows = ofOrganization("SELECT o." + eventColumn + " AS ID FROM " + table + " o", realmId, organizationId, range);
        if (eventTable == null) {
            return Sql.of(" AND " + idColumn + " IN (").plus(rows).plus(")");
        }
        Sql own = ofOrganization("SELECT o.ID FROM " + eventTable + " o", realmId, organizationId, range);
        // The union as a derived table: MariaDB runs "IN (... UNION ...)" again for every row of the
        // outer query, but materialises a derived table once and semi-joins it.
        return Sql.of(" AND " + idColumn + " IN (SELECT t.ID FROM (").plus(own).plus(" UNION ALL ").plus(rows).plus(") t)");
    }

    private Sql ofOrganization(String select, String realmId, String organizationId, ReportRange range) {
        return Sql.of(select + " WHERE o.REALM_ID = ? AND o.ORG_ID = ? AND o." + timeColumn + " >= ? AND o." + timeColumn + " < ?",
                realmId, organizationId, range.start().toEpochMilli(), range.end().toEpochMilli());
    }
}
