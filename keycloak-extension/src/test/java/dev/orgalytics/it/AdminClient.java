package dev.orgalytics.it;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Keycloak Admin REST API as the master-realm bootstrap admin.
 *
 * <p>The typed helpers fail with status and body on any non-2xx answer. The generic
 * {@link #getJson}/{@link #postJson}/{@link #putJson}/{@link #delete} return the response as is, so
 * tests can also assert on 403/404; call {@link Http.Response#ok} when success is expected.
 */
public final class AdminClient {

    /** Refresh this long before expiry: master's admin tokens live only 60 s by default. */
    private static final long EXPIRY_MARGIN_MILLIS = 15_000;

    private final String baseUrl;
    private String token;
    private long tokenExpiresAtMillis;

    public AdminClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Admin client for the shared test server. */
    public AdminClient() {
        this(KeycloakServer.get().baseUrl());
    }

    public record ConfidentialClient(String uuid, String clientId, String secret) {
    }

    // ---- realms -------------------------------------------------------------------------------

    /** Creates an enabled realm with defaults; returns its name. */
    public String createRealm(String name) {
        RealmRepresentation realm = new RealmRepresentation();
        realm.setRealm(name);
        realm.setEnabled(true);
        return createRealm(realm);
    }

    /** Creates the realm as given (set enabled yourself); returns its name. */
    public String createRealm(RealmRepresentation realm) {
        postJson("/admin/realms", realm).ok("Create realm " + realm.getRealm());
        return realm.getRealm();
    }

    public void deleteRealm(String name) {
        delete("/admin/realms/" + name).ok("Delete realm " + name);
    }

    /**
     * Sets the given top-level realm attributes (e.g. {@code Map.of("eventsEnabled", true)}).
     * Fetches the full representation first because a PUT with only some fields is not documented
     * to leave the others alone.
     */
    public void updateRealm(String name, Map<String, Object> partial) {
        ObjectNode realm = (ObjectNode) getJson("/admin/realms/" + name).ok("Get realm " + name).json();
        partial.forEach((key, value) -> realm.set(key, Http.JSON.valueToTree(value)));
        putJson("/admin/realms/" + name, realm).ok("Update realm " + name + " with " + partial.keySet());
    }

    /** Replaces the realm's event listeners (keep "jboss-logging" in the list if you want it). */
    public void setEventListeners(String realm, List<String> listeners) {
        updateRealm(realm, Map.of("eventsListeners", listeners));
    }

    // ---- users --------------------------------------------------------------------------------

    /**
     * Creates a user who can log in with a password grant right away: without email, first and
     * last name Keycloak answers "Account is not fully set up". Returns the user id.
     */
    public String createUser(String realm, String username, String password) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);

        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@example.test");
        user.setEmailVerified(true);
        user.setFirstName("Test");
        user.setLastName(username);
        user.setEnabled(true);
        user.setCredentials(List.of(credential));
        return postJson("/admin/realms/" + realm + "/users", user)
                .ok("Create user " + username + " in " + realm).createdId();
    }

    public void deleteUser(String realm, String userId) {
        delete("/admin/realms/" + realm + "/users/" + userId).ok("Delete user " + userId + " in " + realm);
    }

    public void assignRealmRole(String realm, String userId, String roleName) {
        RoleRepresentation role = getJson("/admin/realms/" + realm + "/roles/" + roleName)
                .ok("Get realm role " + roleName + " in " + realm).json(RoleRepresentation.class);
        postJson("/admin/realms/" + realm + "/users/" + userId + "/role-mappings/realm", List.of(role))
                .ok("Assign realm role " + roleName + " to " + userId + " in " + realm);
    }

    // ---- clients ------------------------------------------------------------------------------

    /** Public client usable for password grants and browser flows; returns its internal id. */
    public String createPublicClient(String realm, String clientId) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(true);
        client.setDirectAccessGrantsEnabled(true);
        client.setStandardFlowEnabled(true);
        client.setWebOrigins(List.of("+"));
        client.setRedirectUris(List.of("*"));
        return createClient(realm, client);
    }

    /** Confidential client with password grants on and optionally a service account. */
    public ConfidentialClient createConfidentialClient(String realm, String clientId, boolean serviceAccounts) {
        ClientRepresentation client = new ClientRepresentation();
        client.setClientId(clientId);
        client.setPublicClient(false);
        client.setDirectAccessGrantsEnabled(true);
        client.setStandardFlowEnabled(true);
        client.setServiceAccountsEnabled(serviceAccounts);
        client.setRedirectUris(List.of("*"));
        String uuid = createClient(realm, client);
        // Read the secret Keycloak generated rather than inventing one: it is what the server uses.
        String secret = getJson("/admin/realms/" + realm + "/clients/" + uuid + "/client-secret")
                .ok("Get secret of " + clientId).json().path("value").asText();
        return new ConfidentialClient(uuid, clientId, secret);
    }

    public String serviceAccountUserId(String realm, String clientUuid) {
        return getJson("/admin/realms/" + realm + "/clients/" + clientUuid + "/service-account-user")
                .ok("Get service account of client " + clientUuid).json().path("id").asText();
    }

    private String createClient(String realm, ClientRepresentation client) {
        return postJson("/admin/realms/" + realm + "/clients", client)
                .ok("Create client " + client.getClientId() + " in " + realm).createdId();
    }

    // ---- generic ------------------------------------------------------------------------------

    /** {@code path} is relative to the server root, e.g. "/admin/realms/x" or "/realms/x/...". */
    public Http.Response getJson(String path) {
        return call("GET", path, null);
    }

    public Http.Response postJson(String path, Object body) {
        return call("POST", path, body);
    }

    public Http.Response putJson(String path, Object body) {
        return call("PUT", path, body);
    }

    public Http.Response delete(String path) {
        return call("DELETE", path, null);
    }

    private Http.Response call(String method, String path, Object body) {
        Http.Response response = Http.send(method, baseUrl + path, token(), body);
        if (response.status() == 401) {
            // The token can be invalid despite its expiry time, e.g. after KeycloakServer.restart().
            invalidateToken();
            response = Http.send(method, baseUrl + path, token(), body);
        }
        return response;
    }

    private synchronized String token() {
        if (token == null || System.currentTimeMillis() > tokenExpiresAtMillis - EXPIRY_MARGIN_MILLIS) {
            JsonNode json = Http.postForm(baseUrl + "/realms/master/protocol/openid-connect/token", Map.of(
                            "grant_type", "password",
                            "client_id", "admin-cli",
                            "username", KeycloakServer.ADMIN_USER,
                            "password", KeycloakServer.ADMIN_PASSWORD))
                    .ok("Admin login").json();
            token = json.path("access_token").asText();
            tokenExpiresAtMillis = System.currentTimeMillis() + json.path("expires_in").asLong() * 1000;
        }
        return token;
    }

    private synchronized void invalidateToken() {
        token = null;
    }
}
