package dev.orgalytics.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import org.keycloak.crypto.SignatureProvider;
import org.keycloak.jose.jws.Algorithm;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * Answers 401 for a report request whose bearer token names a signature algorithm Keycloak has no
 * verifier for, such as {@code alg: none}. Keycloak's admin root would look up that verifier, get
 * null and fail with a NullPointerException (a 500 and a stack trace in the log; the same for a
 * token without {@code alg}) before our
 * resource runs; this filter runs before it. Tokens with a known algorithm, and garbage that is not
 * a JWS at all, are left to Keycloak, which refuses them with 401 itself.
 */
@Provider
@PreMatching
public class UnverifiableTokenFilter implements ContainerRequestFilter {

    /** The JWS algorithms Keycloak has signature providers for (org.keycloak.crypto.Algorithm). */
    private static final Set<String> KNOWN = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
            "ES512", "HS256", "HS384", "HS512", "EdDSA", "Ed25519", "Ed448");

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (path == null || !path.contains("/org-analytics") || !path.contains("/admin/realms/")) {
            return;
        }
        if (unverifiable(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            request.abortWith(refusal());
        }
    }

    /** Whether the header carries a JWS whose algorithm no verifier of this server handles. */
    static boolean unverifiable(String header) {
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        Algorithm algorithm;
        try {
            algorithm = new JWSInput(header.substring(7).trim()).getHeader().getAlgorithm();
        } catch (Exception e) {
            return false;
        }
        // No "alg" at all fails in Keycloak too (a NullPointerException on the missing algorithm).
        if (algorithm == null || !KNOWN.contains(algorithm.name())) {
            return true;
        }
        String alg = algorithm.name();
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        return session != null && session.getProvider(SignatureProvider.class, alg) == null;
    }

    static Response refusal() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid_token");
        body.put("message", "The bearer token is not signed with an algorithm this server verifies");
        return Response.status(Response.Status.UNAUTHORIZED).type(MediaType.APPLICATION_JSON_TYPE).entity(body)
                .header("Cache-Control", "no-store").build();
    }
}
