package dev.orgalytics.console;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Response headers of the Org Analytics page. They replace Keycloak's realm defaults for these
 * responses because the page needs a stricter policy than Keycloak's login pages: scripts, styles,
 * images and API calls from this origin only, no inline code, no framing.
 */
final class ConsoleHeaders {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** Assets are addressed by content hash, so a year is safe: a changed file gets a new address. */
    static final String CACHE_ASSET = "public, max-age=31536000, immutable";
    /** The index names the current asset hash; it must be fetched anew on every visit. */
    static final String CACHE_NONE = "no-store";

    private ConsoleHeaders() {
    }

    /**
     * @param cacheable whether the response is a hashed asset
     * @param strictTransportSecurity the realm's HSTS setting (Keycloak's own header), or null/empty for none
     */
    static Map<String, String> of(boolean cacheable, String strictTransportSecurity) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Cache-Control", cacheable ? CACHE_ASSET : CACHE_NONE);
        h.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        h.put("X-Robots-Tag", "none");
        if (strictTransportSecurity != null && !strictTransportSecurity.isBlank()) {
            h.put("Strict-Transport-Security", strictTransportSecurity);
        }
        return h;
    }
}
