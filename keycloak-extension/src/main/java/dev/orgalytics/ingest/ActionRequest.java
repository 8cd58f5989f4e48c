package dev.orgalytics.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.orgalytics.Json;

import dev.orgalytics.OccurredAtWindow;
import dev.orgalytics.ingest.RejectedBody.Problem;

/**
 * Parses and validates the body of {@code POST /realms/{realm}/org-analytics/actions}: one action
 * object, or {@code {"actions": [...]}}. Pure logic: every rule of the wire format lives here and is
 * unit-tested without a server. A request with any invalid item is rejected whole.
 */
public final class ActionRequest {

    public static final int MAX_BODY_BYTES = 1024 * 1024;
    public static final int MAX_ACTIONS = 500;

    private static final Set<String> FIELDS =
            Set.of("action", "id", "occurredAt", "userId", "page", "target", "properties", "organization");
    private static final Set<String> TARGET_FIELDS = Set.of("type", "id", "name");
    private static final int MAX_ID = 64;
    private static final int MAX_PAGE = 512;
    /** An organization's id or alias; Keycloak keeps aliases in 255 characters. */
    private static final int MAX_ORGANIZATION = 255;
    private static final int MAX_TARGET_FIELD = 255;
    private static final int MAX_PROPERTIES = 20;
    private static final int MAX_PROPERTIES_BYTES = 4096;

    /**
     * One valid action; {@code occurredAt} is already defaulted to the time received.
     * {@code organization} is the id or alias the client named, or null (checked against the user's
     * memberships by the endpoint, which knows the realm).
     */
    public record Action(String action, String id, Instant occurredAt, String userId, String page,
                         String targetType, String targetId, String targetName, String propertiesJson,
                         String organization) {
    }

    private ActionRequest() {
    }

    /** The answer to a body over {@link #MAX_BODY_BYTES}, however far it was read. */
    static RejectedBody bodyTooLarge() {
        return new RejectedBody(413, "The request body is larger than " + MAX_BODY_BYTES + " bytes", List.of());
    }

    /**
     * Validates a request body.
     *
     * @param now    the time the request was received
     * @param maxAge how far in the past {@code occurredAt} may lie
     */
    public static List<Action> parse(byte[] body, Instant now, Duration maxAge) throws RejectedBody {
        if (body.length > MAX_BODY_BYTES) {
            throw bodyTooLarge();
        }
        JsonNode root;
        try {
            root = StrictJson.read(body);
        } catch (StrictJson.Invalid e) {
            throw new RejectedBody(400, "The request body " + e.getMessage(), List.of(new Problem(-1, "", e.getMessage())));
        }
        if (!root.isObject()) {
            throw new RejectedBody(400, "The request body must be an action object or {\"actions\": [...]}",
                    List.of(new Problem(-1, "", "must be a JSON object, not " + root.getNodeType().name().toLowerCase(Locale.ROOT))));
        }
        List<JsonNode> items = new ArrayList<>();
        if (root.has("actions") && !root.has("action")) {
            JsonNode array = root.get("actions");
            if (!array.isArray()) {
                throw new RejectedBody(400, "\"actions\" must be an array", List.of(new Problem(-1, "actions", "must be an array")));
            }
            if (root.size() != 1) {
                List<Problem> extra = new ArrayList<>();
                root.fieldNames().forEachRemaining(name -> {
                    if (!name.equals("actions")) {
                        extra.add(new Problem(-1, name, "a batch carries only \"actions\""));
                    }
                });
                throw new RejectedBody(400, "A batch carries only \"actions\"", extra);
            }
            if (array.isEmpty()) {
                throw new RejectedBody(400, "\"actions\" is empty", List.of(new Problem(-1, "actions", "must not be empty")));
            }
            if (array.size() > MAX_ACTIONS) {
                throw new RejectedBody(413, "A batch holds at most " + MAX_ACTIONS + " actions, this one " + array.size(),
                        List.of(new Problem(-1, "actions", "at most " + MAX_ACTIONS + " actions")));
            }
            array.forEach(items::add);
        } else {
            items.add(root);
        }
        List<Problem> problems = new ArrayList<>();
        List<Action> actions = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Action a = validate(items.get(i), i, now, maxAge, problems);
            if (a != null) {
                actions.add(a);
            }
        }
        if (!problems.isEmpty()) {
            String first = problems.get(0).field() + ": " + problems.get(0).message();
            throw new RejectedBody(400, problems.size() == 1 ? "Invalid action: " + first
                    : problems.size() + " problems, the first: " + first, problems);
        }
        return actions;
    }

    private static Action validate(JsonNode item, int index, Instant now, Duration maxAge, List<Problem> problems) {
        int before = problems.size();
        if (!item.isObject()) {
            problems.add(new Problem(index, "", "must be an object"));
            return null;
        }
        for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new Problem(index, name, "unknown field"));
            }
        }
        String action = text(item, "action", index, problems, ActionName.MAX_LENGTH, true);
        if (action != null && !ActionName.valid(action)) {
            problems.add(new Problem(index, "action", "must match " + ActionName.PATTERN.pattern()));
        }
        String id = text(item, "id", index, problems, MAX_ID, false);
        if (id != null && id.isEmpty()) {
            problems.add(new Problem(index, "id", "must not be empty"));
        }
        String userId = text(item, "userId", index, problems, 36, false);
        String page = text(item, "page", index, problems, MAX_PAGE, false);
        String organization = text(item, "organization", index, problems, MAX_ORGANIZATION, false);
        if (organization != null && organization.isBlank()) {
            problems.add(new Problem(index, "organization", "must not be empty"));
        }
        Instant occurredAt = occurredAt(item, index, now, maxAge, problems);

        String targetType = null, targetId = null, targetName = null;
        JsonNode target = item.get("target");
        if (target != null && !target.isNull()) {
            if (!target.isObject()) {
                problems.add(new Problem(index, "target", "must be an object {type, id, name}"));
            } else {
                for (Iterator<String> names = target.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!TARGET_FIELDS.contains(name)) {
                        problems.add(new Problem(index, "target." + name, "unknown field"));
                    }
                }
                targetType = text(target, "type", index, problems, MAX_TARGET_FIELD, false, "target.", false);
                targetId = text(target, "id", index, problems, MAX_TARGET_FIELD, false, "target.", false);
                // The name is what people see and type: free text, so tabs and line breaks are kept.
                targetName = text(target, "name", index, problems, MAX_TARGET_FIELD, false, "target.", true);
            }
        }
        String properties = properties(item.get("properties"), index, problems);
        if (problems.size() > before) {
            return null;
        }
        return new Action(action, id, occurredAt, userId, page, targetType, targetId, targetName, properties,
                organization);
    }

    private static Instant occurredAt(JsonNode item, int index, Instant now, Duration maxAge, List<Problem> problems) {
        JsonNode node = item.get("occurredAt");
        if (node == null || node.isNull()) {
            return now;
        }
        if (!node.isTextual()) {
            problems.add(new Problem(index, "occurredAt", "must be an ISO-8601 date-time with offset"));
            return null;
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(new Problem(index, "occurredAt", "must be an ISO-8601 date-time with offset, e.g. 2026-11-22T10:15:30Z"));
            return null;
        }
        if (t.isAfter(now.plus(OccurredAtWindow.MAX_FUTURE))) {
            problems.add(new Problem(index, "occurredAt", "is more than " + OccurredAtWindow.MAX_FUTURE.toMinutes() + " minutes in the future"));
        } else if (t.isBefore(now.minus(maxAge))) {
            problems.add(new Problem(index, "occurredAt", "is older than the accepted window of " + maxAge.toDays() + " days"));
        }
        return t;
    }

    private static String properties(JsonNode node, int index, List<Problem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(new Problem(index, "properties", "must be a flat object"));
            return null;
        }
        if (node.size() > MAX_PROPERTIES) {
            problems.add(new Problem(index, "properties", "at most " + MAX_PROPERTIES + " keys"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = "properties." + e.getKey();
            String badKey = TextRules.problem(e.getKey(), false);
            if (badKey != null) {
                problems.add(new Problem(index, "properties", "a key " + badKey));
            }
            String bad = propertyValueProblem(e.getValue());
            if (bad != null) {
                problems.add(new Problem(index, field, bad));
            }
        }
        try {
            String json = Json.MAPPER.writeValueAsString(node);
            if (json.getBytes(StandardCharsets.UTF_8).length > MAX_PROPERTIES_BYTES) {
                problems.add(new Problem(index, "properties", "at most " + MAX_PROPERTIES_BYTES + " bytes as JSON"));
            }
            return json;
        } catch (JsonProcessingException e) {
            problems.add(new Problem(index, "properties", "cannot be written as JSON"));
            return null;
        }
    }

    /**
     * A property value: a string (free text), a number a double or a long can hold exactly as sent
     * ({@code 1e999999} would otherwise be stored as {@code "Infinity"}), a boolean or null.
     */
    private static String propertyValueProblem(JsonNode value) {
        if (value.isTextual()) {
            return TextRules.problem(value.textValue(), true);
        }
        if (value.isBigInteger()) {
            return "must be a whole number between -2^63 and 2^63-1";
        }
        if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
            return "must be a finite number (at most about 1.8e308 in magnitude)";
        }
        if (!value.isValueNode()) {
            return "must be a string, number, boolean or null";
        }
        return null;
    }

    private static String text(JsonNode parent, String field, int index, List<Problem> problems, int maxLength, boolean required) {
        return text(parent, field, index, problems, maxLength, required, "", false);
    }

    private static String text(JsonNode parent, String field, int index, List<Problem> problems, int maxLength,
                               boolean required, String prefix, boolean freeText) {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                problems.add(new Problem(index, prefix + field, "is required"));
            }
            return null;
        }
        if (!node.isTextual()) {
            problems.add(new Problem(index, prefix + field, "must be a string"));
            return null;
        }
        String value = node.asText();
        if (value.length() > maxLength) {
            problems.add(new Problem(index, prefix + field, "at most " + maxLength + " characters"));
        }
        String bad = TextRules.problem(value, freeText);
        if (bad != null) {
            problems.add(new Problem(index, prefix + field, bad));
        }
        return value;
    }
}
