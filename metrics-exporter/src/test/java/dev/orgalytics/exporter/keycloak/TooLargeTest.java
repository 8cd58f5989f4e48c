package dev.orgalytics.exporter.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class TooLargeTest {

    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void refusalsOfLargeHeadersAreRecognised() {
        assertTrue(TooLarge.status(431));
        assertTrue(TooLarge.status(413));
        assertFalse(TooLarge.status(403));
        assertTrue(TooLarge.connectionClosed(new IOException("wrapped", new IOException("/127.0.0.1:8080: GOAWAY received"))));
        assertFalse(TooLarge.connectionClosed(new IOException("Connection refused")));
    }

    @Test
    void theExplanationNamesTheTokenSizeTheRealmsAndTheFix() {
        String regular = jwt("{\"azp\":\"org-analytics-exporter\",\"resource_access\":{\"a-realm\":{\"roles\":[\"query-realms\"]},"
                + "\"b-realm\":{\"roles\":[\"query-realms\"]}}}");
        String text = TooLarge.explain("answered 431", regular, "org-analytics-exporter", "master");
        assertTrue(text.startsWith("Keycloak answered 431: the request headers are too large."), text);
        assertTrue(text.contains("is " + regular.length() + " bytes and names its roles in 2 clients"), text);
        assertTrue(text.contains("client.use.lightweight.access.token.enabled=true"), text);

        String lightweight = jwt("{\"azp\":\"org-analytics-exporter\",\"scope\":\"profile email\"}");
        assertFalse(TooLarge.namesRoles(lightweight));
        assertEquals(0, TooLarge.rolesClients(lightweight));
        assertFalse(TooLarge.explain("answered 431", lightweight, "x", "master").contains("names its roles"));
        assertFalse(TooLarge.namesRoles("not a token"));
    }
}
