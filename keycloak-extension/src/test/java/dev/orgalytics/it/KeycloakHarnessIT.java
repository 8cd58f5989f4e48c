package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the harness itself: a real Keycloak with our jar, admin API, token endpoint and its database. */
class KeycloakHarnessIT {

    private static KeycloakServer server;
    private static AdminClient admin;
    private static String realm;

    @BeforeAll
    static void startServer() {
        server = KeycloakServer.get();
        admin = new AdminClient(server.baseUrl());
        realm = admin.createRealm("harness-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @AfterAll
    static void dropRealm() {
        if (realm != null) {
            admin.deleteRealm(realm);
        }
    }

    @Test
    void passwordGrantWorksAndUserIsInKeycloaksDatabase() throws SQLException {
        admin.createPublicClient(realm, "harness-app");
        String userId = admin.createUser(realm, "alice", "alice-pw");

        String token = Tokens.password(realm, "harness-app", null, "alice", "alice-pw");

        JsonNode claims = jwtPayload(token);
        assertEquals(userId, claims.path("sub").asText());
        assertEquals(1, countUsers(userId, "alice"), "user row in the " + server.db() + " database");
    }

    @Test
    void failedLoginIsReportedNotThrown() {
        admin.createPublicClient(realm, "harness-fail");
        admin.createUser(realm, "bob", "bob-pw");

        Http.Response response = Tokens.passwordGrantResponse(realm, "harness-fail", null, "bob", "wrong");

        Tokens.assertInvalidGrant(response);
    }

    @Test
    void serviceAccountRolesRealmUpdatesAndEventListeners() {
        AdminClient.ConfidentialClient client = admin.createConfidentialClient(realm, "harness-svc", true);
        String serviceUser = admin.serviceAccountUserId(realm, client.uuid());
        admin.assignRealmRole(realm, serviceUser, "offline_access");
        // Built-in listeners only: this test checks the harness, not the extension.
        admin.setEventListeners(realm, List.of("jboss-logging", "email"));
        admin.updateRealm(realm, Map.of("eventsEnabled", true));
        admin.createUser(realm, "carol", "carol-pw");

        String serviceToken = Tokens.clientCredentials(realm, "harness-svc", client.secret());
        String userToken = Tokens.password(realm, "harness-svc", client.secret(), "carol", "carol-pw");

        assertEquals(serviceUser, jwtPayload(serviceToken).path("sub").asText());
        assertTrue(jwtPayload(serviceToken).path("realm_access").path("roles").toString().contains("offline_access"));
        assertEquals("carol", jwtPayload(userToken).path("preferred_username").asText());
        JsonNode rep = admin.getJson("/admin/realms/" + realm).ok("Get realm").json();
        assertTrue(rep.path("eventsEnabled").asBoolean());
        assertEquals(List.of("jboss-logging", "email"), Http.JSON.convertValue(rep.path("eventsListeners"), List.class));
    }

    /** Rows of this user (other test classes may have their own "alice" in other realms). */
    private static int countUsers(String userId, String username) throws SQLException {
        try (Connection c = server.openJdbc();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM USER_ENTITY WHERE ID = ? AND USERNAME = ?")) {
            s.setString(1, userId);
            s.setString(2, username);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Asserts the token is a compact JWS (header.payload.signature) and returns its claims. */
    private static JsonNode jwtPayload(String token) {
        String[] parts = token.split("\\.");
        assertEquals(3, parts.length, "JWT has three parts: " + token);
        JsonNode header = decode(parts[0]);
        assertFalse(header.path("alg").asText().isEmpty(), "JWT header has alg: " + header);
        return decode(parts[1]);
    }

    private static JsonNode decode(String base64Url) {
        String json = new String(Base64.getUrlDecoder().decode(base64Url), StandardCharsets.UTF_8);
        try {
            return Http.JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + json, e);
        }
    }
}
