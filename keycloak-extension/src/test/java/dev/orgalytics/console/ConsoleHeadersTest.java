package dev.orgalytics.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ConsoleHeadersTest {

    @Test
    void indexIsNeverCachedAssetsAreCachedForAYear() {
        assertEquals("no-store", ConsoleHeaders.of(false, null).get("Cache-Control"));
        assertEquals("public, max-age=31536000, immutable", ConsoleHeaders.of(true, null).get("Cache-Control"));
    }

    @Test
    void policyAllowsThisOriginOnlyAndNoInlineCode() {
        String csp = ConsoleHeaders.of(false, null).get("Content-Security-Policy");
        assertTrue(csp.startsWith("default-src 'none';"), csp);
        for (String directive : csp.split(";\\s*")) {
            String[] parts = directive.trim().split("\\s+");
            for (int i = 1; i < parts.length; i++) {
                assertTrue(parts[i].equals("'self'") || parts[i].equals("'none'"), directive);
            }
        }
        assertTrue(csp.contains("frame-ancestors 'none'"));
        assertTrue(csp.contains("script-src 'self'"));
        assertFalse(csp.contains("unsafe"));
    }

    @Test
    void hardeningHeadersAndTheRealmsHsts() {
        Map<String, String> h = ConsoleHeaders.of(true, "max-age=31536000; includeSubDomains");
        assertEquals("nosniff", h.get("X-Content-Type-Options"));
        assertEquals("DENY", h.get("X-Frame-Options"));
        assertEquals("no-referrer", h.get("Referrer-Policy"));
        assertEquals("max-age=31536000; includeSubDomains", h.get("Strict-Transport-Security"));
        assertFalse(ConsoleHeaders.of(true, "").containsKey("Strict-Transport-Security"));
    }
}
