package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each report's columns are the properties of its row schema in {@code openapi.json}: the same
 * names in the same order, with the same type, format and nullability (descriptions and enums are
 * the document's own). A column added, renamed or retyped in code without the document, or the
 * other way round, fails here rather than in a client.
 */
class ReportColumnsTest {

    private static final String OK = "/responses/200/content/application~1json/schema";
    private static JsonNode openApi;

    @BeforeAll
    static void readDocument() throws IOException {
        try (InputStream in = ReportColumnsTest.class.getClassLoader().getResourceAsStream("META-INF/org-analytics/openapi.json")) {
            assertNotNull(in, "openapi.json on the class path");
            openApi = new ObjectMapper().readTree(in);
        }
    }

    static Stream<Arguments> reports() {
        return Stream.of(
                Arguments.of("summary", Stream.concat(SummaryReport.COLUMNS.stream(), DormantReport.COUNT_COLUMNS.stream()).toList(),
                        "/paths/~1summary/get" + OK + "/allOf/1/properties"),
                Arguments.of("previous summary", SummaryReport.PREVIOUS_COLUMNS,
                        "/paths/~1summary/get" + OK + "/allOf/2/properties/previous/properties"),
                Arguments.of("users", UsersReport.COLUMNS, "/components/schemas/User/properties"),
                Arguments.of("one user's days", UsersReport.DAY_COLUMNS,
                        "/paths/~1users~1{userId}/get" + OK + "/allOf/2/properties/daily/items/properties"),
                Arguments.of("usage", UsageReport.COLUMNS, "/paths/~1usage/get" + OK + "/allOf/1/properties/buckets/items/properties"),
                Arguments.of("leaderboard", LeaderboardReport.COLUMNS,
                        "/paths/~1leaderboard/get" + OK + "/allOf/1/properties/entries/items/properties"),
                Arguments.of("actions", ActionsReport.COLUMNS, "/paths/~1actions/get" + OK + "/allOf/1/properties/actions/items/properties"),
                Arguments.of("logins", LoginsReport.COLUMNS, "/paths/~1logins/get" + OK + "/allOf/1/properties/logins/items/properties"),
                Arguments.of("organizations", OrganizationsReport.COLUMNS, "/components/schemas/Organization/properties"),
                Arguments.of("organization leaderboard", OrganizationLeaderboard.COLUMNS,
                        "/paths/~1leaderboard/get" + OK + "/allOf/1/properties/organizations/items/properties"),
                Arguments.of("one organization's days", UsersReport.DAY_COLUMNS,
                        "/paths/~1organizations~1{organization}/get" + OK + "/allOf/2/properties/daily/items/properties"),
                Arguments.of("stalled users", StalledReport.COLUMNS,
                        "/paths/~1insights~1stalled/get" + OK + "/allOf/1/properties/users/items/properties"),
                Arguments.of("dormant users", DormantReport.COLUMNS,
                        "/paths/~1insights~1dormant/get" + OK + "/allOf/1/properties/users/items/properties"),
                Arguments.of("funnel steps", FunnelReport.COLUMNS,
                        "/paths/~1insights~1funnel/get" + OK + "/allOf/1/properties/steps/items/properties"),
                Arguments.of("users stopped in a funnel", FunnelReport.STOPPED_COLUMNS,
                        "/paths/~1insights~1funnel/get" + OK + "/allOf/1/properties/users/items/properties"),
                Arguments.of("retention cohorts", RetentionReport.COLUMNS,
                        "/paths/~1insights~1retention/get" + OK + "/allOf/1/properties/cohorts/items/properties"),
                Arguments.of("logins by client", LoginBreakdownReport.CLIENT_COLUMNS,
                        "/paths/~1insights~1logins/get" + OK + "/allOf/1/properties/byClient/items/properties"),
                Arguments.of("logins by identity provider", LoginBreakdownReport.IDENTITY_PROVIDER_COLUMNS,
                        "/paths/~1insights~1logins/get" + OK + "/allOf/1/properties/byIdentityProvider/items/properties"),
                Arguments.of("failed logins by error", LoginBreakdownReport.ERROR_COLUMNS,
                        "/paths/~1insights~1logins/get" + OK + "/allOf/1/properties/byError/items/properties"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reports")
    void columnsAreTheDocumentedRowProperties(String report, List<Column<?>> columns, String pointer) {
        JsonNode documented = openApi.at(pointer);
        assertFalse(documented.isMissingNode(), report + ": no schema at " + pointer);
        List<String> documentedNames = new ArrayList<>();
        documented.fieldNames().forEachRemaining(documentedNames::add);
        // JSON objects compare without order: the order (that of the answers) is checked by name.
        assertEquals(columns.stream().map(Column::name).toList(), documentedNames, report + ": names and order");
        assertEquals(schemaOf(columns), withoutProse(documented), report + ": types, formats and nullability");
    }

    /** The user detail answers one user's row too: the users report's columns, from the shared schema. */
    @Test
    void oneUserIsAnsweredWithTheUserSchema() {
        assertEquals("#/components/schemas/User", openApi.at("/paths/~1users~1{userId}/get" + OK + "/allOf/1/$ref").asText());
    }

    /** The test itself can fail: a column the document lacks, or one typed differently, is a difference. */
    @Test
    void aDifferenceIsSeen() {
        JsonNode users = withoutProse(openApi.at("/components/schemas/User/properties"));
        List<Column<UsersReport.UserRow>> extra = new ArrayList<>(UsersReport.COLUMNS);
        extra.add(Column.integer("score", r -> 0));
        assertFalse(schemaOf(extra).equals(users));
        List<Column<UsersReport.UserRow>> retyped = new ArrayList<>(UsersReport.COLUMNS);
        retyped.set(0, Column.optionalText("id", UsersReport.UserRow::id));
        assertFalse(schemaOf(retyped).equals(users));
    }

    @Test
    void totalsOnlyLeaderboardColumnsAreASubsetInOrder() {
        assertEquals(List.of("rank", "username", "score"),
                LeaderboardReport.TOTALS_ONLY_COLUMNS.stream().map(Column::name).toList());
        assertThrows(IllegalArgumentException.class, () -> Column.only(LeaderboardReport.COLUMNS, "email", "nope"));
    }

    @Test
    void usageCsvSpreadsTheCountsIntoColumns() {
        List<String> names = UsageReport.csvColumns(List.of("b", "a"), true).stream().map(Column::name).toList();
        assertEquals(List.of("start", "end", "activeUsers", "logins", "failedLogins", "newUsers", "actions", "action:b", "action:a",
                "otherActions"), names);
        UsageReport.Bucket bucket = new UsageReport.Bucket(null, 0, 0, 0, 0, 9, Map.of("a", 2L, "b", 3L, "c", 4L));
        List<Column<UsageReport.Bucket>> columns = UsageReport.csvColumns(List.of("b", "a"), true);
        assertEquals(List.of(3L, 2L, 4L), columns.subList(7, 10).stream().map(c -> c.of(bucket)).toList());
        List<Column<UsageReport.Bucket>> allListed = UsageReport.csvColumns(List.of("a", "b", "c"), false);
        assertEquals("action:c", allListed.get(allListed.size() - 1).name(), "no otherActions when every name is listed");
    }

    /** The OpenAPI schema the columns describe, as the document writes it. */
    private static ObjectNode schemaOf(List<? extends Column<?>> columns) {
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        for (Column<?> c : columns) {
            ObjectNode p = properties.putObject(c.name());
            p.put("type", c.type().openApiType);
            if (c.type().openApiFormat != null) {
                p.put("format", c.type().openApiFormat);
            }
            if (c.nullable()) {
                p.put("nullable", true);
            }
            switch (c.type()) {
                case STRINGS -> p.putObject("items").put("type", "string");
                case INTEGERS -> p.putObject("items").put("type", "integer");
                case NUMBERS -> p.putObject("items").put("type", "number");
                case COUNTS -> p.putObject("additionalProperties").put("type", "integer");
                case OBJECT -> p.set("properties", schemaOf(c.parts()));
                default -> { }
            }
        }
        return properties;
    }

    /** The document's schema less what only people read: descriptions and the values of enums. */
    private static JsonNode withoutProse(JsonNode schema) {
        JsonNode copy = schema.deepCopy();
        strip(copy);
        return copy;
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.remove(List.of("description", "enum"));
            for (Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
                strip(it.next());
            }
        }
    }
}
