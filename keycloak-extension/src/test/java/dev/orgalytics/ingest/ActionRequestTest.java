package dev.orgalytics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActionRequestTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    private static List<ActionRequest.Action> parse(String json) throws RejectedBody {
        return ActionRequest.parse(json.getBytes(StandardCharsets.UTF_8), NOW, WEEK);
    }

    private static RejectedBody reject(String json) {
        return assertThrows(RejectedBody.class, () -> parse(json));
    }

    @Test
    void singleActionWithEveryField() throws Exception {
        List<ActionRequest.Action> actions = parse("""
                {"action": "profile_viewed", "id": "abc-1", "occurredAt": "2026-11-22T13:30:00+02:00",
                 "userId": "u-1", "page": "/candidates/42",
                 "target": {"type": "candidate", "id": "42", "name": "Ada Lovelace"},
                 "properties": {"source": "search", "rank": 3, "starred": true, "note": null}}""");
        assertEquals(1, actions.size());
        ActionRequest.Action a = actions.get(0);
        assertEquals("profile_viewed", a.action());
        assertEquals("abc-1", a.id());
        assertEquals(Instant.parse("2026-11-22T11:30:00Z"), a.occurredAt());
        assertEquals("u-1", a.userId());
        assertEquals("/candidates/42", a.page());
        assertEquals("candidate", a.targetType());
        assertEquals("42", a.targetId());
        assertEquals("Ada Lovelace", a.targetName());
        assertEquals("{\"source\":\"search\",\"rank\":3,\"starred\":true,\"note\":null}", a.propertiesJson());
    }

    @Test
    void occurredAtDefaultsToTimeReceived() throws Exception {
        ActionRequest.Action a = parse("{\"action\": \"job_posted\"}").get(0);
        assertEquals(NOW, a.occurredAt());
        assertNull(a.id());
        assertNull(a.propertiesJson());
    }

    @Test
    void batchKeepsOrder() throws Exception {
        List<ActionRequest.Action> actions = parse("{\"actions\": [{\"action\": \"a\"}, {\"action\": \"b\"}]}");
        assertEquals(List.of("a", "b"), actions.stream().map(ActionRequest.Action::action).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"profile_viewed", "a", "interview.scheduled", "crm:lead-created", "x1234567890123456789012345678901234567890123456789012345678901"})
    void validActionNames(String name) throws Exception {
        assertEquals(name, parse("{\"action\": \"" + name + "\"}").get(0).action());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Profile", "1abc", "_x", "has space", "", "x12345678901234567890123456789012345678901234567890123456789012345"})
    void invalidActionNames(String name) {
        RejectedBody e = reject("{\"action\": \"" + name + "\"}");
        assertEquals(400, e.status());
        assertEquals("action", e.problems().get(0).field());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"page\": \"/x\"}|action|is required",
            "{\"action\": 5}|action|must be a string",
            "{\"action\": \"a\", \"colour\": \"red\"}|colour|unknown field",
            "{\"action\": \"a\", \"occurredAt\": \"2026-11-22T12:00:00\"}|occurredAt|must be an ISO-8601 date-time with offset, e.g. 2026-11-22T10:15:30Z",
            "{\"action\": \"a\", \"occurredAt\": \"2026-11-22T12:05:01Z\"}|occurredAt|is more than 5 minutes in the future",
            "{\"action\": \"a\", \"occurredAt\": \"2026-11-15T11:59:59Z\"}|occurredAt|is older than the accepted window of 7 days",
            "{\"action\": \"a\", \"target\": \"x\"}|target|must be an object {type, id, name}",
            "{\"action\": \"a\", \"target\": {\"kind\": \"x\"}}|target.kind|unknown field",
            "{\"action\": \"a\", \"properties\": {\"nested\": {\"x\": 1}}}|properties.nested|must be a string, number, boolean or null",
            "{\"action\": \"a\", \"properties\": [1]}|properties|must be a flat object",
            "{\"action\": \"a\", \"id\": \"\"}|id|must not be empty",
    })
    void fieldProblems(String json, String field, String message) {
        RejectedBody e = reject(json);
        assertEquals(400, e.status());
        assertEquals(field, e.problems().get(0).field());
        assertEquals(message, e.problems().get(0).message());
        assertEquals(0, e.problems().get(0).index());
    }

    @Test
    void edgesOfTheTimeWindowAreAccepted() throws Exception {
        assertEquals(NOW.plusSeconds(300), parse("{\"action\": \"a\", \"occurredAt\": \"2026-11-22T12:05:00Z\"}").get(0).occurredAt());
        assertEquals(NOW.minus(WEEK), parse("{\"action\": \"a\", \"occurredAt\": \"2026-11-15T12:00:00Z\"}").get(0).occurredAt());
    }

    @Test
    void lengthLimits() throws Exception {
        parse("{\"action\": \"a\", \"id\": \"" + "k".repeat(64) + "\", \"page\": \"" + "p".repeat(512)
                + "\", \"target\": {\"name\": \"" + "n".repeat(255) + "\"}}");
        assertEquals("id", reject("{\"action\": \"a\", \"id\": \"" + "k".repeat(65) + "\"}").problems().get(0).field());
        assertEquals("page", reject("{\"action\": \"a\", \"page\": \"" + "p".repeat(513) + "\"}").problems().get(0).field());
        assertEquals("target.name", reject("{\"action\": \"a\", \"target\": {\"name\": \"" + "n".repeat(256) + "\"}}").problems().get(0).field());
    }

    @Test
    void propertiesLimits() throws Exception {
        StringBuilder twenty = new StringBuilder("{");
        for (int i = 0; i < 20; i++) twenty.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": ").append(i);
        parse("{\"action\": \"a\", \"properties\": " + twenty + "}}");
        assertEquals("at most 20 keys", reject("{\"action\": \"a\", \"properties\": " + twenty + ", \"k20\": 1}}").problems().get(0).message());
        String big = "v".repeat(4100);
        assertEquals("at most 4096 bytes as JSON", reject("{\"action\": \"a\", \"properties\": {\"k\": \"" + big + "\"}}").problems().get(0).message());
    }

    @Test
    void everyBadItemOfABatchIsReportedWithItsIndex() {
        RejectedBody e = reject("{\"actions\": [{\"action\": \"ok\"}, {\"action\": \"Bad\"}, {\"action\": \"ok\"}, {}]}");
        assertEquals(400, e.status());
        assertEquals(2, e.problems().size());
        assertEquals(1, e.problems().get(0).index());
        assertEquals(3, e.problems().get(1).index());
        assertTrue(e.getMessage().startsWith("2 problems"));
    }

    @Test
    void requestShapeProblems() {
        assertEquals(400, reject("not json").status());
        assertEquals(400, reject("[{\"action\": \"a\"}]").status());
        assertEquals(400, reject("{\"actions\": []}").status());
        assertEquals(400, reject("{\"actions\": {}}").status());
        assertEquals(400, reject("{\"actions\": [], \"extra\": 1}").status());
    }

    @Test
    void sizeLimitsGive413() {
        StringBuilder many = new StringBuilder("{\"actions\": [");
        for (int i = 0; i < 501; i++) many.append(i == 0 ? "" : ",").append("{\"action\": \"a\"}");
        assertEquals(413, reject(many + "]}").status());
        byte[] huge = new byte[ActionRequest.MAX_BODY_BYTES + 1];
        RejectedBody e = assertThrows(RejectedBody.class, () -> ActionRequest.parse(huge, NOW, WEEK));
        assertEquals(413, e.status());
    }

    @Test
    void fiveHundredActionsAreAccepted() throws Exception {
        StringBuilder many = new StringBuilder("{\"actions\": [");
        for (int i = 0; i < 500; i++) many.append(i == 0 ? "" : ",").append("{\"action\": \"a\"}");
        assertEquals(500, parse(many + "]}").size());
    }
}
