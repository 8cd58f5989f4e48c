package dev.orgalytics.ingest;

import java.util.Locale;

import dev.orgalytics.stats.Printable;

/**
 * The action endpoint reads JSON in UTF-8 and nothing else: a body sent as a form or as text would
 * be parsed as JSON anyway, and a body declared in another charset would be decoded wrongly.
 * Answered with 415 before the body is read.
 */
public final class ActionMediaType {

    private ActionMediaType() {
    }

    /** Why this {@code Content-Type} header is refused, or null when it is {@code application/json} in UTF-8. */
    public static String problem(String header) {
        if (header == null || header.isBlank()) {
            return "Content-Type must be application/json";
        }
        String[] parts = header.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        if (!type.equals("application/json")) {
            return "Content-Type must be application/json, not " + printable(parts[0].strip());
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].strip().equalsIgnoreCase("charset")) {
                String charset = param.length > 1 ? param[1].strip().replace("\"", "") : "";
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return "The body must be UTF-8, not charset " + printable(charset);
                }
            }
        }
        return null;
    }

    private static String printable(String s) {
        return "'" + Printable.of(s) + "'";
    }
}
