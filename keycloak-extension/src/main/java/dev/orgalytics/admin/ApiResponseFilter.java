package dev.orgalytics.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;

/**
 * The last word on every answer under {@code /admin/realms/{realm}/org-analytics/} and
 * {@code /realms/{realm}/org-analytics/}: an error is always the API's {@code {"error", "message"}}
 * JSON, and a report is never cached ({@code Cache-Control: no-store}).
 *
 * <p>Some answers are Keycloak's, not ours: its admin root authenticates before our resource exists
 * (401), a refused permission check becomes its exception (403), and its request filters refuse some
 * query parameters (400); each comes with Keycloak's OAuth2-style {@code {"error": "HTTP 401 ..."}}.
 * Exception mappers of a provider jar are not used by Keycloak, but a {@code @Provider} response
 * filter is registered and sees those responses on their way out. Any other path is left untouched
 * after one string search.
 */
@Provider
public class ApiResponseFilter implements ContainerResponseFilter {

    private static final Pattern ADMIN = Pattern.compile("^/?admin/realms/[^/]+/org-analytics(/.*)?$");
    private static final Pattern PUBLIC = Pattern.compile("^/?realms/[^/]+/org-analytics(/.*)?$");

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (path == null || !path.contains("/org-analytics")) {
            return;
        }
        boolean admin = ADMIN.matcher(path).matches();
        if (!admin && !PUBLIC.matcher(path).matches()) {
            return;
        }
        if (admin) {
            // Reports name people and what they did: no browser or proxy may keep a copy.
            response.getHeaders().putSingle("Cache-Control", "no-store");
        }
        int status = response.getStatus();
        if (admin && status == 500 && UnverifiableTokenFilter.unverifiable(request.getHeaderString("Authorization"))) {
            // Keycloak's admin root failed on a token it has no verifier for: that is a 401, not a fault.
            Response refusal = UnverifiableTokenFilter.refusal();
            response.setStatus(401);
            response.setEntity(refusal.getEntity(), null, MediaType.APPLICATION_JSON_TYPE);
            return;
        }
        if (status >= 400 && !ours(response.getEntity())) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", code(status));
            body.put("message", message(status, admin, response.getEntity()));
            response.setEntity(body, null, MediaType.APPLICATION_JSON_TYPE);
        }
    }

    static boolean isReportPath(String path) {
        return ADMIN.matcher(path).matches();
    }

    private static boolean ours(Object entity) {
        return entity instanceof Map<?, ?> m && m.containsKey("error") && m.containsKey("message");
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "invalid_request";
            case 401 -> "invalid_token";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "request_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            default -> status >= 500 ? "server_error" : "invalid_request";
        };
    }

    private static String message(int status, boolean admin, Object entity) {
        if (status == 401) {
            return admin ? "A valid bearer access token of an administrator is required"
                    : "A valid bearer access token of this realm is required";
        }
        if (status == 403) {
            return "The token's user holds no role that allows this request";
        }
        if (status >= 500) {
            return "The server failed to answer; its log says why";
        }
        String keycloak = null;
        if (entity instanceof OAuth2ErrorRepresentation e) {
            keycloak = e.getErrorDescription() != null ? e.getErrorDescription() : e.getError();
        } else if (entity instanceof ErrorRepresentation e) {
            keycloak = e.getErrorMessage();
        } else if (entity instanceof Map<?, ?> m && m.get("error") instanceof String s) {
            keycloak = s;
        }
        return keycloak != null && !keycloak.isBlank() ? keycloak : "HTTP " + status;
    }
}
