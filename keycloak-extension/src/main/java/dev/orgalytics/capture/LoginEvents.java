package dev.orgalytics.capture;

import java.util.Set;
import java.util.UUID;

import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

import dev.orgalytics.store.LoginRow;

/** Which Keycloak user events are captured, and how each becomes a {@link LoginRow}. */
final class LoginEvents {

    /** The event types stored as rows: logins, failed logins, registrations and logouts (session use only moves roll-ups). */
    static final Set<EventType> CAPTURED = Set.of(EventType.LOGIN, EventType.LOGIN_ERROR, EventType.REGISTER, EventType.LOGOUT);

    private LoginEvents() {
    }

    /**
     * Whether the event shows the user's session in use without being a login: a token refresh or
     * the exchange of an authorization code (the login itself was its own LOGIN event).
     */
    static boolean isSessionUse(EventType type) {
        return type == EventType.REFRESH_TOKEN || type == EventType.CODE_TO_TOKEN;
    }

    /**
     * Returns the row for a captured event, or null for every other type. Service-account logins
     * (CLIENT_LOGIN) are not user logins and are skipped, so they never reach user statistics.
     * Session use becomes a {@link LoginRow#SESSION} row when {@code sessionActivity} is on.
     */
    static LoginRow toRow(Event event, boolean sessionActivity) {
        EventType type = event.getType();
        boolean session = sessionActivity && isSessionUse(type);
        if (!session && !CAPTURED.contains(type)) {
            return null;
        }
        if (event.getRealmId() == null || session && event.getUserId() == null) {
            return null;
        }
        String id = event.getId() != null ? event.getId() : UUID.randomUUID().toString();
        LoginRow row = new LoginRow(id, event.getRealmId(), event.getUserId(), truncate(event.getClientId(), 255),
                session ? LoginRow.SESSION : type.name(), type != EventType.LOGIN_ERROR, truncate(event.getError(), 255),
                truncate(event.getIpAddress(), 64), event.getTime() > 0 ? event.getTime() : System.currentTimeMillis());
        String broker = type == EventType.LOGIN && event.getDetails() != null
                ? event.getDetails().get(Details.IDENTITY_PROVIDER) : null;
        return broker == null ? row : row.withIdentityProvider(truncate(broker, 255));
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
