package dev.orgalytics.ingest;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Who called the action endpoint, from the request's bearer token, verified by Keycloak
 * (signature, issuer, expiry, revocation, token type, enabled user and client).
 *
 * <p>The one place that touches {@code AuthResult}: it is a class with {@code getUser()} in 26.4
 * and a record with {@code user()} in 26.5 and later, which keep {@code getUser()} as a deprecated
 * alias. The {@code get} accessors are the ones every supported version has.
 */
record BearerCaller(UserModel user, AccessToken token, ClientModel client) {

    private static final Logger LOG = Logger.getLogger(BearerCaller.class);

    /** The caller, or null when the request has no token Keycloak accepts (answered with 401). */
    @SuppressWarnings("deprecation")
    static BearerCaller authenticate(KeycloakSession session) {
        AuthResult result;
        try {
            result = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        } catch (RuntimeException e) {
            // A malformed Authorization header or a token Keycloak's verifier cannot even parse
            // (for example an unsigned one): the same answer as a missing token, not a 500.
            LOG.debugf("Bearer token refused: %s", e.toString());
            return null;
        }
        if (result == null || result.getUser() == null || result.getToken() == null) {
            return null;
        }
        return new BearerCaller(result.getUser(), result.getToken(), result.getClient());
    }

    /** The client that recorded the action: the token's client, or its {@code azp}. */
    String clientId() {
        return client != null ? client.getClientId() : token.getIssuedFor();
    }
}
