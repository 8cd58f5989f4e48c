package dev.orgalytics.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compares real JSON responses with an OpenAPI 3.0 description, both ways. Each {@link #check} walks
 * one response against the schema the description gives for its path, method, status and media
 * type: every field must be documented, with its JSON type, and may be null only where the schema
 * says {@code nullable}. Afterwards {@link #neverAnswered} lists the documented properties that no
 * checked response contained, and {@link #uncalled} the documented operations never checked.
 *
 * <p>Understands the part of OpenAPI the served description uses: local {@code $ref}s,
 * {@code allOf}, {@code type}, {@code nullable}, {@code enum}, {@code properties},
 * {@code required}, {@code additionalProperties} and {@code items}. An object schema with neither
 * {@code properties} nor {@code additionalProperties} is free-form, as OpenAPI defines it.
 */
public final class OpenApiContract {

    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    private final JsonNode document;
    private final List<String> mismatches = new ArrayList<>();
    private final Set<String> called = new TreeSet<>();
    /** The response schemas checked so far, by JSON pointer; the roots of {@link #neverAnswered}. */
    private final Set<String> checkedSchemas = new TreeSet<>();
    /** Property names found in real objects, by the pointer of the schema that declares them. */
    private final Map<String, Set<String>> answered = new HashMap<>();

    public OpenApiContract(JsonNode document) {
        this.document = document;
    }

    /** Every documented operation, as {@code "GET /users/{userId}"}. */
    public Set<String> operations() {
        Set<String> out = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(p -> {
            for (String m : METHODS) {
                if (p.getValue().has(m)) {
                    out.add(m.toUpperCase() + " " + p.getKey());
                }
            }
        });
        return out;
    }

    /**
     * Checks one real response. {@code path} is the description's path template (for example
     * {@code /users/{userId}}), {@code mediaType} the response's Content-Type without parameters.
     */
    public void check(String method, String path, int status, String mediaType, JsonNode body) {
        String operation = method.toUpperCase() + " " + path;
        called.add(operation);
        String where = operation + " " + status;
        String operationPointer = "/paths/" + escape(path) + "/" + method.toLowerCase();
        if (document.at(operationPointer).isMissingNode()) {
            mismatches.add(where + ": operation not documented");
            return;
        }
        String responsePointer = follow(operationPointer + "/responses/" + status);
        if (document.at(responsePointer).isMissingNode()) {
            mismatches.add(where + ": status not documented");
            return;
        }
        String schemaPointer = responsePointer + "/content/" + escape(mediaType) + "/schema";
        if (document.at(schemaPointer).isMissingNode()) {
            mismatches.add(where + ": no schema for " + mediaType);
            return;
        }
        checkedSchemas.add(schemaPointer);
        walk(where, "$", schemaPointer, body);
    }

    /** Fields that disagree with the description, one line each. */
    public List<String> mismatches() {
        return List.copyOf(mismatches);
    }

    /**
     * Properties of the checked schemas (and of the schemas nested in them) that no real response
     * contained, as {@code pointer/properties/name}; {@code allowed} lists those known to be
     * unreachable in a test, by the same pointer.
     */
    public List<String> neverAnswered(Set<String> allowed) {
        List<String> out = new ArrayList<>();
        Set<String> visited = new HashSet<>();
        for (String root : checkedSchemas) {
            collectUnanswered(root, allowed, visited, out);
        }
        return out;
    }

    /** Documented operations that no {@link #check} call covered. */
    public Set<String> uncalled() {
        Set<String> out = operations();
        out.removeAll(called);
        return out;
    }

    private void walk(String where, String at, String pointer, JsonNode value) {
        List<String> parts = parts(pointer);
        if (value.isNull()) {
            if (parts.stream().noneMatch(p -> document.at(p).path("nullable").asBoolean(false))) {
                mismatches.add(where + ": " + at + " is null; not documented as nullable (" + pointer + ")");
            }
            return;
        }
        String type = parts.stream().map(p -> document.at(p).path("type").asText(null))
                .filter(t -> t != null).findFirst().orElse(null);
        if (type != null && !hasType(value, type)) {
            mismatches.add(where + ": " + at + " is " + value.getNodeType().name().toLowerCase()
                    + ", documented as " + type + " (" + pointer + ")");
            return;
        }
        for (String p : parts) {
            JsonNode allowed = document.at(p).path("enum");
            if (allowed.isArray() && !contains(allowed, value)) {
                mismatches.add(where + ": " + at + " is " + value + ", not one of " + allowed + " (" + p + ")");
            }
        }
        if (value.isObject()) {
            walkObject(where, at, pointer, parts, value);
        } else if (value.isArray()) {
            String items = parts.stream().filter(p -> document.at(p).has("items")).map(p -> p + "/items").findFirst().orElse(null);
            for (int i = 0; items != null && i < value.size(); i++) {
                walk(where, at + "[" + i + "]", items, value.get(i));
            }
        }
    }

    private void walkObject(String where, String at, String pointer, List<String> parts, JsonNode value) {
        for (String p : parts) {
            for (JsonNode name : document.at(p).path("required")) {
                if (!value.has(name.asText())) {
                    mismatches.add(where + ": " + at + " lacks required " + name.asText() + " (" + p + ")");
                }
            }
        }
        boolean freeForm = parts.stream().noneMatch(p -> document.at(p).has("properties") || document.at(p).has("additionalProperties"));
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String child = at + "." + field.getKey();
            String declaring = parts.stream().filter(p -> document.at(p).path("properties").has(field.getKey()))
                    .findFirst().orElse(null);
            if (declaring != null) {
                answered.computeIfAbsent(declaring, k -> new HashSet<>()).add(field.getKey());
                walk(where, child, declaring + "/properties/" + escape(field.getKey()), field.getValue());
                continue;
            }
            String extra = parts.stream().filter(p -> document.at(p).path("additionalProperties").isObject())
                    .map(p -> p + "/additionalProperties").findFirst().orElse(null);
            if (extra != null) {
                walk(where, child, extra, field.getValue());
            } else if (!freeForm && parts.stream().noneMatch(p -> document.at(p).path("additionalProperties").asBoolean(false))) {
                mismatches.add(where + ": " + child + " is not documented (" + pointer + ")");
            }
        }
    }

    private void collectUnanswered(String pointer, Set<String> allowed, Set<String> visited, List<String> out) {
        if (!visited.add(pointer)) {
            return;
        }
        for (String p : parts(pointer)) {
            JsonNode schema = document.at(p);
            schema.path("properties").fieldNames().forEachRemaining(name -> {
                String property = p + "/properties/" + escape(name);
                if (answered.getOrDefault(p, Set.of()).contains(name)) {
                    collectUnanswered(property, allowed, visited, out);
                } else if (!allowed.contains(property) && !out.contains(property)) {
                    out.add(property);
                }
            });
            if (schema.has("items")) {
                collectUnanswered(p + "/items", allowed, visited, out);
            }
            if (schema.path("additionalProperties").isObject()) {
                collectUnanswered(p + "/additionalProperties", allowed, visited, out);
            }
        }
    }

    /** The schema at {@code pointer} as the pointers of its parts: {@code $ref}s followed, {@code allOf} flattened. */
    private List<String> parts(String pointer) {
        List<String> out = new ArrayList<>();
        addParts(follow(pointer), out, 0);
        return out;
    }

    private void addParts(String pointer, List<String> out, int depth) {
        if (depth > 32) {
            throw new IllegalStateException("allOf/$ref cycle at " + pointer);
        }
        JsonNode schema = document.at(pointer);
        if (schema.isMissingNode()) {
            mismatches.add("dangling schema " + pointer);
            return;
        }
        out.add(pointer);
        JsonNode all = schema.path("allOf");
        for (int i = 0; i < all.size(); i++) {
            addParts(follow(pointer + "/allOf/" + i), out, depth + 1);
        }
    }

    /** Follows {@code $ref}s (local ones only) from {@code pointer} to the node that has none. */
    private String follow(String pointer) {
        for (int hops = 0; hops < 32; hops++) {
            JsonNode ref = document.at(pointer).path("$ref");
            if (!ref.isTextual()) {
                return pointer;
            }
            if (!ref.asText().startsWith("#/")) {
                throw new IllegalArgumentException("Only local $refs are supported: " + ref.asText());
            }
            pointer = ref.asText().substring(1);
        }
        throw new IllegalStateException("$ref cycle at " + pointer);
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> throw new IllegalArgumentException("Unknown OpenAPI type " + type);
        };
    }

    private static boolean contains(JsonNode array, JsonNode value) {
        for (JsonNode v : array) {
            if (v.equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** JSON pointer escaping of one segment (RFC 6901). */
    static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }
}
