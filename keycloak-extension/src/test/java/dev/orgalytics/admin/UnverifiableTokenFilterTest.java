package dev.orgalytics.admin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class UnverifiableTokenFilterTest {

    private static String jws(String header) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString("{\"sub\":\"x\"}".getBytes(StandardCharsets.UTF_8)) + ".";
    }

    @Test
    void algorithmsWithoutAVerifierAreUnverifiable() {
        assertTrue(UnverifiableTokenFilter.unverifiable("Bearer " + jws("{\"alg\":\"none\"}")));
        assertTrue(UnverifiableTokenFilter.unverifiable("bearer " + jws("{\"alg\":\"none\",\"typ\":\"JWT\"}")));
        assertTrue(UnverifiableTokenFilter.unverifiable("Bearer " + jws("{\"typ\":\"JWT\"}")));
    }

    /**
     * Known algorithms, names Keycloak's JWS parser does not know at all, and non-JWS garbage stay
     * Keycloak's to refuse: it answers those with 401 itself (BadInputIT checks it on the server).
     */
    @Test
    void everythingElseIsLeftToKeycloak() {
        assertFalse(UnverifiableTokenFilter.unverifiable("Bearer " + jws("{\"alg\":\"XX999\"}")));
        assertFalse(UnverifiableTokenFilter.unverifiable("Bearer " + jws("{\"alg\":\"None\"}")));
        assertFalse(UnverifiableTokenFilter.unverifiable("Bearer " + jws("{\"alg\":\"RS256\"}")));
        assertFalse(UnverifiableTokenFilter.unverifiable("Bearer " + jws("{\"alg\":\"HS512\"}")));
        assertFalse(UnverifiableTokenFilter.unverifiable("Bearer garbage"));
        assertFalse(UnverifiableTokenFilter.unverifiable("Bearer a.b.c"));
        assertFalse(UnverifiableTokenFilter.unverifiable("Basic YTpi"));
        assertFalse(UnverifiableTokenFilter.unverifiable(null));
        assertFalse(UnverifiableTokenFilter.unverifiable("Bearer"));
    }
}
