package dev.orgalytics.it;

import java.util.LinkedHashMap;
import java.util.Map;

/** Token endpoint calls against the shared {@link KeycloakServer}. */
public final class Tokens {

    private Tokens() {
    }

    /** Access token from a password grant; fails with Keycloak's error body otherwise. */
    public static String password(String realm, String clientId, String clientSecretOrNull,
                                  String username, String password) {
        return accessToken(passwordGrantResponse(realm, clientId, clientSecretOrNull, username, password)
                .ok("Password grant for " + username + " in " + realm));
    }

    /** The raw password-grant response (e.g. 401 invalid_grant), for failed-login tests. */
    public static Http.Response passwordGrantResponse(String realm, String clientId, String clientSecretOrNull,
                                                      String username, String password) {
        Map<String, String> form = client(clientId, clientSecretOrNull);
        form.put("grant_type", "password");
        form.put("username", username);
        form.put("password", password);
        return Http.postForm(tokenUrl(realm), form);
    }

    /**
     * Asserts Keycloak's answer to a wrong password: {@code invalid_grant}, with 401 up to 26.5 and
     * 400 from 26.7 on (the status RFC 6749 gives that error).
     */
    public static void assertInvalidGrant(Http.Response response) {
        org.junit.jupiter.api.Assertions.assertTrue(response.status() == 400 || response.status() == 401,
                () -> "expected 400 or 401 invalid_grant, was " + response.status() + " " + response.body());
        org.junit.jupiter.api.Assertions.assertEquals("invalid_grant", response.json().path("error").asText(), response.body());
    }

    public static String clientCredentials(String realm, String clientId, String secret) {
        Map<String, String> form = client(clientId, secret);
        form.put("grant_type", "client_credentials");
        return accessToken(Http.postForm(tokenUrl(realm), form)
                .ok("Client credentials grant for " + clientId + " in " + realm));
    }

    static String tokenUrl(String realm) {
        return KeycloakServer.get().baseUrl() + "/realms/" + realm + "/protocol/openid-connect/token";
    }

    private static Map<String, String> client(String clientId, String secretOrNull) {
        // client_secret_post: simpler than Basic auth and accepted by Keycloak's default authenticator.
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        if (secretOrNull != null) {
            form.put("client_secret", secretOrNull);
        }
        return form;
    }

    private static String accessToken(Http.Response response) {
        return response.json().path("access_token").asText();
    }
}
