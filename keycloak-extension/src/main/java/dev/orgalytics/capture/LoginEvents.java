package dev.orgalytics.capture;

import java.util.Set;
import java.util.UUID;

import org.keycloak.events.Event;
import org.keycloak.events.EventType;

import dev.orgalytics.store.LoginRow;

/** Which Keycloak user events are captured, and how each becomes a {@link LoginRow}. */
final class LoginEvents {

    /** The event types stored: logins, failed logins, registrations and logouts. */
    static final Set<EventType> CAPTURED = Set.of(EventType.LOGIN, EventType.LOGIN_ERROR, EventType.REGISTER, EventType.LOGOUT);

    private LoginEvents() {
    }

    /**
     * Returns the row for a captured event, or null for every other type. Service-account logins
     * (CLIENT_LOGIN) are not user logins and are skipped, so they never reach user statistics.
     */
    static LoginRow toRow(Event event) {
        EventType type = event.getType();
        if (!CAPTURED.contains(type)) {
            return null;
        }
        if (event.getRealmId() == null) {
            return null;
        }
        String id = event.getId() != null ? event.getId() : UUID.randomUUID().toString();
        return new LoginRow(id, event.getRealmId(), event.getUserId(), truncate(event.getClientId(), 255), type.name(),
                type != EventType.LOGIN_ERROR, truncate(event.getError(), 255), truncate(event.getIpAddress(), 64),
                event.getTime() > 0 ? event.getTime() : System.currentTimeMillis());
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
