package dev.orgalytics.stats;

/**
 * The organizations events were attributed to when they happened ({@code OA_LOGIN_EVENT_ORG},
 * {@code OA_ACTION_ORG}) as an {@link Sql} condition on the raw reports: the one place the
 * {@code organization} filter of the actions and logins reports is written. It reads the
 * attribution table's index (realm, organization, time) for the range and keeps the events by id,
 * so a filtered page costs the organization's events of the range, not the realm's.
 */
public enum Attribution {
    LOGINS("OA_LOGIN_EVENT_ORG", "EVENT_ID", "EVENT_TIME"),
    ACTIONS("OA_ACTION_ORG", "ACTION_ID", "OCCURRED_AT");

    private final String table;
    private final String eventColumn;
    private final String timeColumn;

    Attribution(String table, String eventColumn, String timeColumn) {
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
        return Sql.of(" AND " + idColumn + " IN (SELECT o." + eventColumn + " FROM " + table + " o WHERE o.REALM_ID = ?"
                        + " AND o.ORG_ID = ? AND o." + timeColumn + " >= ? AND o." + timeColumn + " < ?)",
                realmId, organizationId, range.start().toEpochMilli(), range.end().toEpochMilli());
    }
}
