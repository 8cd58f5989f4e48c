package dev.orgalytics.it;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Report answers as lists, for assertions that compare them whole. */
final class JsonLists {

    private JsonLists() {
    }

    /** The {@code username} of each row. */
    static List<String> usernames(JsonNode rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.path("username").asText()));
        return out;
    }

    /** The elements of an array, as text. */
    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(r -> out.add(r.asText()));
        return out;
    }

    /** An object's field names, in the order answered. */
    static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
