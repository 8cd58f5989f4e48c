package dev.orgalytics.store;

import java.util.List;

import dev.orgalytics.store.RowInserts.Binder;

/**
 * One row of {@code OA_LOGIN_EVENT_ORG} or {@code OA_ACTION_ORG}: an event attributed to an
 * organization, for the events that cannot carry it in their own row (every attributed login; an
 * action of several organizations). The two tables differ only in their column names.
 */
record EventAttribution(String eventId, String organizationId, String realmId, String userId, long time) {

    static final List<String> LOGIN_COLUMNS = List.of("EVENT_ID", "ORG_ID", "REALM_ID", "USER_ID", "EVENT_TIME");
    static final List<String> ACTION_COLUMNS = List.of("ACTION_ID", "ORG_ID", "REALM_ID", "USER_ID", "OCCURRED_AT");

    static final Binder<EventAttribution> BINDER = (ps, i, a) -> {
        ps.setString(++i, a.eventId());
        ps.setString(++i, a.organizationId());
        ps.setString(++i, a.realmId());
        ps.setString(++i, a.userId());
        ps.setLong(++i, a.time());
        return i;
    };
}
