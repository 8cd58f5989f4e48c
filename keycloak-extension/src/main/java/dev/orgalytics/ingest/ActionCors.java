package dev.orgalytics.ingest;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CORS answer of the action endpoint, decided here rather than by Keycloak's {@code Cors}
 * helper: that helper's methods changed between 26.5 ({@code allowedOrigins}) and 26.7
 * ({@code checkAllowedOrigins}), and one jar must run on both. The rules are Keycloak's: a
 * preflight is answered for any origin (the real request is checked); a real request from a browser
 * is allowed when its origin is among the token's {@code allowed-origins} (the client's web origins)
 * or those hold {@code *}, and, as Keycloak 26.7 does, refused before anything is stored otherwise.
 */
final class ActionCors {

    static final String METHODS = "POST, OPTIONS";
    /** Keycloak's default allowed request headers, plus Authorization since the endpoint takes a bearer token. */
    static final String ALLOWED_HEADERS = "Origin, Accept, X-Requested-With, Content-Type, "
            + "Access-Control-Request-Method, Access-Control-Request-Headers, DPoP, Authorization";
    static final long MAX_AGE_SECONDS = 3600;

    private ActionCors() {
    }

    /** Headers for a preflight from {@code origin} (null when the request carried none). */
    static Map<String, String> preflight(String origin) {
        Map<String, String> h = new LinkedHashMap<>();
        if (origin == null) {
            return h;
        }
        h.put("Access-Control-Allow-Origin", origin);
        h.put("Access-Control-Allow-Methods", METHODS);
        h.put("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        h.put("Access-Control-Allow-Credentials", "true");
        h.put("Access-Control-Max-Age", Long.toString(MAX_AGE_SECONDS));
        h.put("Vary", "Origin");
        return h;
    }

    /**
     * Whether a real request from {@code origin} may be processed: requests without an Origin
     * (servers, scripts) and same-origin requests always may.
     */
    static boolean allowed(String origin, String ownOrigin, Collection<String> tokenOrigins) {
        if (origin == null || origin.equals(ownOrigin)) {
            return true;
        }
        return tokenOrigins != null && (tokenOrigins.contains(origin) || tokenOrigins.contains("*"));
    }

    /**
     * Headers for the answer to a real request: none without an Origin, for the page's own origin,
     * or before a token is known (an answer to a request without a valid token stays unreadable to
     * other origins, as Keycloak's own endpoints do).
     */
    static Map<String, String> response(String origin, String ownOrigin, Collection<String> tokenOrigins) {
        Map<String, String> h = new LinkedHashMap<>();
        if (origin == null || origin.equals(ownOrigin) || tokenOrigins == null || !allowed(origin, ownOrigin, tokenOrigins)) {
            return h;
        }
        h.put("Access-Control-Allow-Origin", origin);
        h.put("Access-Control-Allow-Credentials", "true");
        // Not a CORS-safelisted response header: a browser app sees a 429's Retry-After only if exposed.
        h.put("Access-Control-Expose-Headers", "Retry-After");
        h.put("Vary", "Origin");
        return h;
    }
}
