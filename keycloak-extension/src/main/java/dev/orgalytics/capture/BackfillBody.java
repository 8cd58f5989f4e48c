package dev.orgalytics.capture;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import org.keycloak.events.Event;
import org.keycloak.events.EventType;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orgalytics.ingest.RejectedBody;
import dev.orgalytics.ingest.RejectedBody.Problem;
import dev.orgalytics.ingest.StrictJson;

/**
 * History given in the backfill's request body instead of read from Keycloak's event store: a JSON
 * array of events exactly as Keycloak's admin events API answers them ({@code GET
 * /admin/realms/{realm}/events}: id, time, type, realmId, clientId, userId, sessionId, ipAddress,
 * error, details), exported from another server or generated. The whole request is checked before
 * anything is stored, and one bad event refuses it: a half-stored request could not be told apart
 * from a complete one. Fields Keycloak may add to its representation are ignored.
 */
public final class BackfillBody {

    /** Events per request: ten requests of the largest size fit where one page of the store path does. */
    public static final int MAX_EVENTS = 5_000;
    /** Bytes per request: room for {@link #MAX_EVENTS} events with details as Keycloak records them. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;
    /** The stored id's column ({@code OA_LOGIN_EVENT.ID}); Keycloak's own event ids are UUIDs. */
    static final int MAX_ID_LENGTH = 36;
    /** Problems listed in an answer: the first ones say what is wrong, thousands would not say more. */
    static final int MAX_PROBLEMS = 20;

    private static final String FIELDS = "id, time, type, realmId, clientId, userId, sessionId, ipAddress, error, details";

    /** The time rules an event's {@code time} must meet. */
    public record Window(Instant now, long until, Duration maxAge) {
    }

    private BackfillBody() {
    }

    public static RejectedBody tooLarge() {
        return new RejectedBody(413, "The request body is larger than " + MAX_BYTES + " bytes",
                List.of(new Problem(-1, "", "at most " + MAX_BYTES + " bytes")));
    }

    /**
     * The events of {@code body}, each a captured login event of the realm {@code realmId} whose user
     * {@code isUser} knows, within {@code window}; else {@link RejectedBody} naming every bad event.
     * A failed login may have no user: Keycloak records none for an unknown username.
     */
    public static List<Event> parse(byte[] body, String realmId, Window window, Predicate<String> isUser) throws RejectedBody {
        if (body.length > MAX_BYTES) {
            throw tooLarge();
        }
        JsonNode root;
        try {
            root = StrictJson.read(body);
        } catch (StrictJson.Invalid e) {
            throw new RejectedBody(400, "The request body " + e.getMessage(), List.of(new Problem(-1, "", e.getMessage())));
        }
        if (!root.isArray()) {
            String problem = "must be a JSON array of events as GET /admin/realms/{realm}/events answers, not "
                    + root.getNodeType().name().toLowerCase(Locale.ROOT);
            throw new RejectedBody(400, "The request body " + problem, List.of(new Problem(-1, "", problem)));
        }
        if (root.size() > MAX_EVENTS) {
            throw new RejectedBody(413, "A backfill request holds at most " + MAX_EVENTS + " events, this one " + root.size(),
                    List.of(new Problem(-1, "", "at most " + MAX_EVENTS + " events")));
        }
        List<Problem> problems = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        Map<String, Integer> firstIndex = new HashMap<>();
        Map<String, Boolean> users = new HashMap<>();
        for (int i = 0; i < root.size(); i++) {
            int before = problems.size();
            Event e = event(root.get(i), i, realmId, window, problems);
            if (e == null || problems.size() > before) {
                continue;
            }
            Integer earlier = firstIndex.putIfAbsent(e.getId(), i);
            if (earlier != null) {
                problems.add(new Problem(i, "id", "repeats the id of event " + earlier));
                continue;
            }
            if (e.getUserId() != null && !users.computeIfAbsent(e.getUserId(), isUser::test)) {
                problems.add(new Problem(i, "userId", "is not a user of this realm"));
                continue;
            }
            events.add(e);
        }
        if (!problems.isEmpty()) {
            Problem first = problems.get(0);
            String message = "Nothing was stored: event " + first.index() + " (" + first.field() + ") " + first.message()
                    + (problems.size() > 1 ? ", and " + (problems.size() - 1) + " more problem(s)" : "");
            throw new RejectedBody(400, message, List.copyOf(problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS))));
        }
        return events;
    }

    /** One event, or null with its problems added. */
    private static Event event(JsonNode node, int i, String realmId, Window window, List<Problem> problems) {
        if (node == null || !node.isObject()) {
            problems.add(new Problem(i, "", "must be an event object with " + FIELDS));
            return null;
        }
        Event e = new Event();
        String id = text(node, i, "id", true, problems);
        if (id != null && (id.isBlank() || id.length() > MAX_ID_LENGTH)) {
            problems.add(new Problem(i, "id", "must be 1 to " + MAX_ID_LENGTH + " characters (Keycloak's event ids are UUIDs)"));
        }
        e.setId(id);

        JsonNode time = node.get("time");
        if (time == null || time.isNull()) {
            problems.add(new Problem(i, "time", "is required: the event's time in epoch milliseconds"));
        } else if (!time.isIntegralNumber() || !time.canConvertToLong() || time.asLong() <= 0) {
            problems.add(new Problem(i, "time", "must be a positive whole number of epoch milliseconds, as Keycloak gives it"));
        } else {
            e.setTime(time.asLong());
            timeProblem(e.getTime(), window).ifPresent(m -> problems.add(new Problem(i, "time", m)));
        }

        String type = text(node, i, "type", true, problems);
        if (type != null) {
            EventType t = LoginEvents.CAPTURED.stream().filter(c -> c.name().equals(type)).findFirst().orElse(null);
            if (t == null) {
                problems.add(new Problem(i, "type", "must be one of the captured types " + capturedNames()
                        + ", not " + clip(type)));
            }
            e.setType(t);
        }

        String realm = text(node, i, "realmId", false, problems);
        if (realm != null && !realm.equals(realmId)) {
            problems.add(new Problem(i, "realmId", "is not this realm's id (leave it out for events of another server)"));
        }
        e.setRealmId(realmId);

        String userId = text(node, i, "userId", false, problems);
        if (userId == null && e.getType() != null && e.getType() != EventType.LOGIN_ERROR) {
            problems.add(new Problem(i, "userId", "is required for " + e.getType() + " (only a failed login may have no user)"));
        }
        e.setUserId(userId);
        e.setClientId(text(node, i, "clientId", false, problems));
        e.setSessionId(text(node, i, "sessionId", false, problems));
        e.setIpAddress(text(node, i, "ipAddress", false, problems));
        e.setError(text(node, i, "error", false, problems));
        e.setDetails(details(node.get("details"), i, problems));
        return e;
    }

    /** Why {@code time} is outside the window, if it is. */
    static Optional<String> timeProblem(long time, Window window) {
        long now = window.now().toEpochMilli();
        if (time > now) {
            return Optional.of("lies in the future");
        }
        if (time >= window.until()) {
            return Optional.of("lies within the last " + EventBackfill.SETTLE.toMinutes()
                    + " minutes, which are left to the listener capturing this realm");
        }
        if (time < now - window.maxAge().toMillis()) {
            return Optional.of("is older than max-age-days (" + window.maxAge().toDays()
                    + " days), the oldest history accepted");
        }
        return Optional.empty();
    }

    private static String text(JsonNode node, int i, String field, boolean required, List<Problem> problems) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problems.add(new Problem(i, field, "is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            problems.add(new Problem(i, field, "must be a string"));
            return null;
        }
        return v.asText();
    }

    private static Map<String, String> details(JsonNode v, int i, List<Problem> problems) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            problems.add(new Problem(i, "details", "must be an object of strings"));
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> d = it.next();
            if (d.getValue().isNull()) {
                continue;
            }
            if (!d.getValue().isTextual()) {
                problems.add(new Problem(i, "details", "must be an object of strings: " + clip(d.getKey()) + " is not"));
                return null;
            }
            out.put(d.getKey(), d.getValue().asText());
        }
        return out;
    }

    private static String capturedNames() {
        return LoginEvents.CAPTURED.stream().map(Enum::name).sorted().toList().toString();
    }

    /** A caller's text echoed in an answer, kept short and printable. */
    private static String clip(String s) {
        String printable = s.codePoints().limit(40).map(c -> c < 0x20 || c == 0x7f ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return "'" + printable + (s.codePointCount(0, s.length()) > 40 ? "..." : "") + "'";
    }
}
