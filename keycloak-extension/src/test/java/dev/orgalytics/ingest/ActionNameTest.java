package dev.orgalytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ActionNameTest {

    @Test
    void aLetterThenUpToSixtyThreeOfTheAllowedCharacters() {
        assertTrue(ActionName.valid("profile_viewed"));
        assertTrue(ActionName.valid("billing:invoice.paid-v2"));
        assertTrue(ActionName.valid("a" + "b".repeat(ActionName.MAX_LENGTH - 1)));
        assertFalse(ActionName.valid("a" + "b".repeat(ActionName.MAX_LENGTH)));
        for (String bad : new String[] {null, "", "1st", "_x", "Profile", "a b", "a/b", "é", "a\n"}) {
            assertFalse(ActionName.valid(bad), String.valueOf(bad));
        }
    }

    /** The API description states the rule too (the catalog's names): it must be the same rule. */
    @Test
    void theApiDescriptionCarriesTheSamePattern() throws IOException {
        JsonNode openapi;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/org-analytics/openapi.json")) {
            assertNotNull(in, "openapi.json on the class path");
            openapi = new ObjectMapper().readTree(in);
        }
        JsonNode catalogName = openapi.at("/paths/~1catalog/put/requestBody/content/application~1json/schema"
                + "/properties/actions/items/properties/name/pattern");
        assertEquals(ActionName.PATTERN.pattern(), catalogName.asText(), "the catalog's name pattern");
        List<String> patterns = new ArrayList<>();
        collectPatterns(openapi, patterns);
        for (String p : patterns) {
            // Any other action-name pattern the document may gain later must be the same one.
            if (p.contains("a-z0-9_")) {
                assertEquals(ActionName.PATTERN.pattern(), p);
            }
        }
    }

    private static void collectPatterns(JsonNode node, List<String> out) {
        node.fields().forEachRemaining(e -> {
            if (e.getKey().equals("pattern") && e.getValue().isTextual()) {
                out.add(e.getValue().asText());
            }
        });
        node.forEach(child -> collectPatterns(child, out));
    }
}
