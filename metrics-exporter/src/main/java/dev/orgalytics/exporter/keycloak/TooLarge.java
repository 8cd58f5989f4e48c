package dev.orgalytics.exporter.keycloak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orgalytics.exporter.Json;

/**
 * Recognises Keycloak refusing the exporter's requests because its access token is too large, and
 * says how to fix it. A regular access token of a master-realm client names every role it holds in
 * every realm (about 70 bytes per realm), so past about 80 realms the Authorization header exceeds
 * Keycloak's header limit: HTTP/1.1 answers 431 (some proxies 413), HTTP/2 closes the connection
 * with GOAWAY. Without this, the operator sees only "not reachable" while Keycloak is up.
 */
final class TooLarge {

    private static final Logger LOG = Logger.getLogger(TooLarge.class.getName());
    /** Past this a token is worth a warning: Keycloak's default header limit is 8 KiB for all headers. */
    static final int WARN_BYTES = 4096;
    static final String FIX = "turn on lightweight access tokens for the client (client attribute"
            + " client.use.lightweight.access.token.enabled=true; metrics-exporter/exporter-client.sh sets it), so"
            + " its token names no roles and stays small; Keycloak still checks the service account's roles"
            + " (see the README, Metrics exporter)";

    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private TooLarge() {
    }

    static boolean status(int status) {
        return status == 431 || status == 413;
    }

    /** The JDK's HTTP/2 client reports a GOAWAY frame as an IOException saying so. */
    static boolean connectionClosed(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().contains("GOAWAY")) {
                return true;
            }
        }
        return false;
    }

    static String explain(String what, String token, String clientId, String realm) {
        return "Keycloak " + what + ": the request headers are too large. The access token of client " + clientId
                + " in realm " + realm + " is " + token.length() + " bytes" + (namesRoles(token) ? " and names its roles in "
                + rolesClients(token) + " clients" : "") + ". Fix: " + FIX + ".";
    }

    /** Logs once per run when the token is large and growing with the number of realms. */
    static void warnIfGrowing(String token, String clientId, String realm) {
        if (token.length() > WARN_BYTES && namesRoles(token) && WARNED.compareAndSet(false, true)) {
            LOG.warning("the access token of client " + clientId + " in realm " + realm + " is " + token.length()
                    + " bytes and names its roles in " + rolesClients(token) + " clients; it grows with every realm and"
                    + " Keycloak refuses requests once headers pass its limit (431). " + FIX);
        }
    }

    static boolean namesRoles(String token) {
        JsonNode claims = claims(token);
        return claims.has("resource_access") || claims.has("realm_access");
    }

    static int rolesClients(String token) {
        return claims(token).path("resource_access").size();
    }

    private static JsonNode claims(String token) {
        String[] parts = token.split("\\.");
        if (parts.length < 2) {
            return Json.MAPPER.createObjectNode();
        }
        try {
            return Json.MAPPER.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | IOException e) {
            return Json.MAPPER.createObjectNode(); // not a JWT we can read: say nothing about its roles
        }
    }
}
