package dev.orgalytics.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * Refuses a {@code POST .../org-analytics/actions} that is not JSON in UTF-8 before Keycloak's
 * HTTP layer reads its body: for a {@code multipart/form-data} type it would parse the body as a
 * form first and answer a malformed one with a 500, before the action endpoint could say 415.
 * The endpoint checks the same rule itself ({@link ActionMediaType}); this filter only answers first.
 */
@Provider
@PreMatching
public class ActionContentTypeFilter implements ContainerRequestFilter {

    /** The raw path, which carries Keycloak's http-relative-path (such as /auth) when one is set. */
    private static final Pattern ACTIONS = Pattern.compile("/realms/[^/]+/org-analytics/actions/?$");

    @Override
    public void filter(ContainerRequestContext request) {
        if (!"POST".equals(request.getMethod())) {
            return;
        }
        String path = request.getUriInfo().getRequestUri().getRawPath();
        if (path == null || !path.contains("/actions") || !ACTIONS.matcher(path).find()) {
            return;
        }
        String problem = ActionMediaType.problem(request.getHeaderString(HttpHeaders.CONTENT_TYPE));
        if (problem != null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "unsupported_media_type");
            body.put("message", problem);
            body.put("details", List.of(new RejectedBody.Problem(-1, "Content-Type", problem).toJson()));
            request.abortWith(Response.status(415).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build());
        }
    }
}
