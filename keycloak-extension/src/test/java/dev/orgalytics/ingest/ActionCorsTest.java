package dev.orgalytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ActionCorsTest {

    private static final String OWN = "https://id.example.com";
    private static final String APP = "https://app.example.com";

    @Test
    void preflightAnswersAnyOriginAndNamesTheMethodsAndAuthorization() {
        Map<String, String> h = ActionCors.preflight("https://anything.example");
        assertEquals("https://anything.example", h.get("Access-Control-Allow-Origin"));
        assertEquals("POST, OPTIONS", h.get("Access-Control-Allow-Methods"));
        assertTrue(h.get("Access-Control-Allow-Headers").contains("Authorization"));
        assertTrue(h.get("Access-Control-Allow-Headers").contains("Content-Type"));
        assertEquals("3600", h.get("Access-Control-Max-Age"));
        assertEquals(Map.of(), ActionCors.preflight(null), "no Origin, no CORS headers");
    }

    @Test
    void realRequestsFromTheTokensWebOriginsAreAllowedAndAnswered() {
        assertTrue(ActionCors.allowed(APP, OWN, Set.of(APP)));
        assertEquals(APP, ActionCors.response(APP, OWN, Set.of(APP)).get("Access-Control-Allow-Origin"));
        assertEquals("true", ActionCors.response(APP, OWN, Set.of(APP)).get("Access-Control-Allow-Credentials"));
        assertTrue(ActionCors.allowed(APP, OWN, Set.of("*")), "web origin *");
        assertEquals(APP, ActionCors.response(APP, OWN, Set.of("*")).get("Access-Control-Allow-Origin"));
    }

    @Test
    void otherOriginsAreRefusedButServersAndTheOwnOriginAreNot() {
        assertFalse(ActionCors.allowed("https://evil.example", OWN, Set.of(APP)));
        assertFalse(ActionCors.allowed(APP, OWN, null), "a token without allowed-origins");
        assertFalse(ActionCors.allowed(APP + ":8443", OWN, Set.of(APP)), "the port is part of the origin");
        assertTrue(ActionCors.allowed(null, OWN, Set.of()), "no Origin: a server or a script");
        assertTrue(ActionCors.allowed(OWN, OWN, Set.of()), "same origin");
        assertEquals(Map.of(), ActionCors.response(OWN, OWN, Set.of()), "same origin needs no CORS headers");
        assertEquals(Map.of(), ActionCors.response(APP, OWN, null), "no token known yet: nothing readable cross-origin");
        assertEquals(Map.of(), ActionCors.response(null, OWN, Set.of(APP)));
    }
}
