package dev.orgalytics.console;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Answers {@code GET /realms/{realm}/org-analytics/console...} from {@link ConsoleAssets}. */
public final class ConsoleResource {

    private ConsoleResource() {
    }

    private static final String FOLDER = "/org-analytics/console";

    /** The page's files, read from this jar when the page is first asked for. */
    private static final class Files {
        static final ConsoleAssets ASSETS = ConsoleAssets.fromClassLoader(ConsoleResource.class.getClassLoader());
    }

    public static Response serve(KeycloakSession session) {
        ConsoleAssets assets = Files.ASSETS;
        RealmModel realm = session.getContext().getRealm();
        // What follows "console", as sent: JAX-RS would drop the trailing slash and decode escapes.
        // The realm name is one encoded segment, so the first occurrence is ours.
        String raw = session.getContext().getUri().getRequestUri().getRawPath();
        String path = raw.substring(raw.indexOf(FOLDER) + FOLDER.length());
        // Keycloak's filter would overwrite our Content-Security-Policy with the realm's login-page one.
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        String hsts = realm.getBrowserSecurityHeaders().get(BrowserSecurityHeaders.STRICT_TRANSPORT_SECURITY.getKey());

        if (path == null || path.isEmpty()) {
            // The index names its assets relative to the folder, so it must be served at console/.
            Response.ResponseBuilder redirect = Response.status(Response.Status.FOUND)
                    .location(session.getContext().getUri().getRequestUriBuilder().replaceQuery(null).path("/").build());
            return withHeaders(redirect, ConsoleHeaders.of(false, hsts)).build();
        }
        String displayName = realm.getDisplayName() != null && !realm.getDisplayName().isBlank()
                ? realm.getDisplayName() : realm.getName();
        Optional<ConsoleAssets.Asset> asset = assets.resolve(path, displayName);
        if (asset.isEmpty()) {
            return withHeaders(Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", "not_found", "message", "No such file of the Org Analytics page")),
                    ConsoleHeaders.of(false, hsts)).build();
        }
        ConsoleAssets.Asset a = asset.get();
        return withHeaders(Response.ok(a.body(), a.contentType()), ConsoleHeaders.of(a.cacheable(), hsts)).build();
    }

    private static Response.ResponseBuilder withHeaders(Response.ResponseBuilder builder, Map<String, String> headers) {
        headers.forEach(builder::header);
        return builder;
    }
}
