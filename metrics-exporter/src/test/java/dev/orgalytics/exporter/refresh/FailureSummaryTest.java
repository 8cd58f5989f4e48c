package dev.orgalytics.exporter.refresh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FailureSummaryTest {

    @Test
    void nothingFailedIsNoError() {
        assertNull(FailureSummary.of(Map.of(), 500));
    }

    @Test
    void oneReasonForManyRealmsIsSaidOnce() {
        Map<String, String> failures = new LinkedHashMap<>();
        for (int i = 1; i <= 500; i++) {
            failures.put("org-" + i, "Keycloak answered 431: ...");
        }
        assertEquals("500 of 500 realms failed; org-1, org-2, org-3 and 497 more: Keycloak answered 431: ...",
                FailureSummary.of(failures, 500));
    }

    @Test
    void reasonsAreGroupedMostCommonFirstAndCapped() {
        Map<String, String> failures = new LinkedHashMap<>();
        failures.put("a", "timeout");
        failures.put("b", "403");
        failures.put("c", "403");
        failures.put("d", "500");
        failures.put("e", "no JSON");
        assertEquals("5 of 9 realms failed; b, c: 403; a: timeout; d: 500; 1 other reasons", FailureSummary.of(failures, 9));
        assertEquals("1 of 1 realm failed; a: timeout", FailureSummary.of(Map.of("a", "timeout"), 1));
    }
}
