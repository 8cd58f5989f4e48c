package dev.orgalytics.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

import dev.orgalytics.store.LoginRow;

class LoginEventsTest {

    @Test
    void refreshesAndCodeExchangesAreSessionActivityWhenItIsOn() {
        for (EventType type : new EventType[] {EventType.REFRESH_TOKEN, EventType.CODE_TO_TOKEN}) {
            LoginRow row = LoginEvents.toRow(event(type, "u1", Map.of()), true);
            assertEquals(LoginRow.SESSION, row.type(), type.name());
            assertEquals("u1", row.userId());
            assertEquals(1_795_428_000_000L, row.time());
            assertNull(LoginEvents.toRow(event(type, "u1", Map.of()), false), "off: not captured");
            assertNull(LoginEvents.toRow(event(type, null, Map.of()), true), "no user, no one's activity");
        }
        assertNull(LoginEvents.toRow(event(EventType.CLIENT_LOGIN, "sa", Map.of()), true), "a service account's login");
        assertNull(LoginEvents.toRow(event(EventType.IMPERSONATE, "u1", Map.of()), true));
    }

    @Test
    void aBrokeredLoginKeepsItsIdentityProvider() {
        assertEquals("github", LoginEvents.toRow(event(EventType.LOGIN, "u1", Map.of(Details.IDENTITY_PROVIDER, "github")), true)
                .identityProvider());
        assertNull(LoginEvents.toRow(event(EventType.LOGIN, "u1", Map.of()), true).identityProvider(), "the realm's own credentials");
        LoginRow failed = LoginEvents.toRow(event(EventType.LOGIN_ERROR, "u1", Map.of(Details.IDENTITY_PROVIDER, "github")), true);
        assertEquals(LoginRow.LOGIN_ERROR, failed.type());
        assertNull(failed.identityProvider(), "only a login is attributed to its identity provider");
    }

    private static Event event(EventType type, String userId, Map<String, String> details) {
        Event e = new Event();
        e.setId("e-" + type);
        e.setType(type);
        e.setRealmId("r");
        e.setUserId(userId);
        e.setClientId("web");
        e.setTime(1_795_428_000_000L);
        e.setDetails(details);
        return e;
    }
}
