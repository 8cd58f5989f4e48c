package dev.orgalytics.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.keycloak.events.Event;
import org.keycloak.events.EventType;

import dev.orgalytics.ingest.RejectedBody;
import dev.orgalytics.ingest.RejectedBody.Problem;

class BackfillBodyTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final long UNTIL = NOW.minus(Duration.ofMinutes(5)).toEpochMilli();
    private static final BackfillBody.Window WINDOW = new BackfillBody.Window(NOW, UNTIL, Duration.ofDays(7));
    private static final Set<String> USERS = Set.of("u-ann", "u-ben");
    private static final long DAY_AGO = NOW.minus(Duration.ofDays(1)).toEpochMilli();

    private static List<Event> parse(String json) throws RejectedBody {
        return BackfillBody.parse(json.getBytes(StandardCharsets.UTF_8), "realm-1", WINDOW, USERS::contains);
    }

    private static RejectedBody refused(String json) {
        return assertThrows(RejectedBody.class, () -> parse(json));
    }

    private static String login(String id, long time, String user) {
        return "{\"id\":\"" + id + "\",\"time\":" + time + ",\"type\":\"LOGIN\",\"realmId\":\"realm-1\",\"clientId\":\"web\","
                + "\"userId\":\"" + user + "\",\"sessionId\":\"s-1\",\"ipAddress\":\"10.0.0.1\",\"details\":{\"username\":\"ann\","
                + "\"identity_provider\":\"google\"}}";
    }

    @Test
    void keycloaksOwnRepresentationBecomesEvents() throws Exception {
        List<Event> events = parse("[" + login("e-1", DAY_AGO, "u-ann") + ",{\"id\":\"e-2\",\"time\":" + (DAY_AGO + 1)
                + ",\"type\":\"LOGIN_ERROR\",\"clientId\":\"web\",\"error\":\"user_not_found\",\"someFutureField\":[1]}]");
        assertEquals(2, events.size());
        Event e = events.get(0);
        assertEquals("e-1", e.getId());
        assertEquals(DAY_AGO, e.getTime());
        assertEquals(EventType.LOGIN, e.getType());
        assertEquals("realm-1", e.getRealmId());
        assertEquals("u-ann", e.getUserId());
        assertEquals("10.0.0.1", e.getIpAddress());
        assertEquals("google", e.getDetails().get("identity_provider"));
        Event failed = events.get(1);
        assertNull(failed.getUserId(), "Keycloak records no user for an unknown username");
        assertEquals("realm-1", failed.getRealmId(), "the realm of the request where the event names none");
        assertEquals("user_not_found", failed.getError());
        assertEquals(List.of(), parse("[]"));
    }

    @Test
    void everyBadEventIsNamedByItsIndex() {
        RejectedBody r = refused("[" + login("ok", DAY_AGO, "u-ann") + ","
                + "{\"time\":" + DAY_AGO + ",\"type\":\"LOGIN\",\"userId\":\"u-ann\"},"                       // 1: no id
                + login("e-2", NOW.plusSeconds(60).toEpochMilli(), "u-ann") + ","                           // 2: future
                + login("e-3", UNTIL, "u-ann") + ","                                                         // 3: not settled
                + login("e-4", NOW.minus(Duration.ofDays(8)).toEpochMilli(), "u-ann") + ","                   // 4: too old
                + login("e-5", DAY_AGO, "u-stranger") + ","                                                  // 5: not a user here
                + login("ok", DAY_AGO, "u-ben") + ","                                                        // 6: repeated id
                + "{\"id\":\"e-7\",\"time\":" + DAY_AGO + ",\"type\":\"CODE_TO_TOKEN\",\"userId\":\"u-ann\"},"  // 7: not captured
                + "{\"id\":\"e-8\",\"time\":" + DAY_AGO + ",\"type\":\"LOGIN\"},"                              // 8: no user
                + "{\"id\":\"e-9\",\"time\":" + DAY_AGO + ",\"type\":\"LOGIN\",\"userId\":\"u-ann\",\"realmId\":\"other\"}," // 9
                + "{\"id\":\"e-10\",\"time\":\"yesterday\",\"type\":\"LOGIN\",\"userId\":\"u-ann\"},"              // 10
                + "{\"id\":\"" + "x".repeat(37) + "\",\"time\":" + DAY_AGO + ",\"type\":\"LOGIN\",\"userId\":\"u-ann\"}," // 11
                + "{\"id\":\"e-12\",\"time\":" + DAY_AGO + ",\"type\":\"LOGIN\",\"userId\":\"u-ann\",\"details\":{\"a\":1}}," // 12
                + "\"e-13\"]");                                                                                // 13
        assertEquals(400, r.status());
        List<String> got = new ArrayList<>();
        for (Problem p : r.problems()) {
            got.add(p.index() + " " + p.field());
        }
        assertEquals(List.of("1 id", "2 time", "3 time", "4 time", "5 userId", "6 id", "7 type", "8 userId", "9 realmId",
                "10 time", "11 id", "12 details", "13 "), got);
        assertTrue(r.getMessage().startsWith("Nothing was stored: event 1 (id) is required, and 12 more"), r.getMessage());
        assertTrue(r.problems().get(1).message().contains("future"));
        assertTrue(r.problems().get(2).message().contains("last 5 minutes"));
        assertTrue(r.problems().get(3).message().contains("max-age-days (7 days)"));
    }

    @Test
    void theBodyAsAWholeMustBeAnArrayOfBoundedSize() {
        assertEquals(400, refused("{\"events\":[]}").status());
        assertEquals(-1, refused("{\"events\":[]}").problems().get(0).index());
        assertEquals(400, refused("[").status());
        assertEquals(400, refused("[] []").status());
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i <= BackfillBody.MAX_EVENTS; i++) {
            many.append(i == 0 ? "" : ",").append("{}");
        }
        assertEquals(413, refused(many.append(']').toString()).status());
        assertEquals(413, assertThrows(RejectedBody.class, () -> BackfillBody.parse(
                new byte[BackfillBody.MAX_BYTES + 1], "realm-1", WINDOW, USERS::contains)).status());
    }

    @Test
    void problemsListedAreCappedButCounted() {
        StringBuilder bad = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            bad.append(i == 0 ? "" : ",").append(login("e-" + i, DAY_AGO, "u-nobody"));
        }
        RejectedBody r = refused(bad.append(']').toString());
        assertEquals(BackfillBody.MAX_PROBLEMS, r.problems().size());
        assertTrue(r.getMessage().contains("and 49 more"), r.getMessage());
    }

    @Test
    void theUsersAreLookedUpOnceEach() throws Exception {
        List<String> asked = new ArrayList<>();
        BackfillBody.parse(("[" + login("a", DAY_AGO, "u-ann") + "," + login("b", DAY_AGO + 1, "u-ann") + "]")
                .getBytes(StandardCharsets.UTF_8), "realm-1", WINDOW, id -> asked.add(id));
        assertEquals(List.of("u-ann"), asked);
    }
}
