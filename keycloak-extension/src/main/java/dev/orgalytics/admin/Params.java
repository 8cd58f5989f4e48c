package dev.orgalytics.admin;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.core.MultivaluedMap;

import dev.orgalytics.export.CsvExport;
import dev.orgalytics.ingest.ActionName;
import dev.orgalytics.stats.BadRequest;
import dev.orgalytics.stats.Column;
import dev.orgalytics.stats.Printable;

/** Parsing of query parameters into values or a {@link BadRequest} that names the parameter. */
final class Params {

    private Params() {
    }

    static int first(String value) {
        if (value == null || value.isBlank()) return 0;
        int n = integer("first", value);
        if (n < 0) throw new BadRequest("first", "'first' must be 0 or more");
        return n;
    }

    static int max(String value, int fallback, int limit) {
        return max(value, fallback, limit, "max");
    }

    static int max(String value, int fallback, int limit, String name) {
        if (value == null || value.isBlank()) return fallback;
        int n = integer(name, value);
        if (n < 1 || n > limit) throw new BadRequest(name, "'" + name + "' must be between 1 and " + limit);
        return n;
    }

    /**
     * The columns a list report answers: all of {@code all} when {@code value} is absent, else the
     * comma-separated names it gives, in its order, each a top-level column of the report once.
     */
    static <T> List<Column<T>> columns(String value, List<Column<T>> all) {
        if (value == null || value.isBlank()) return all;
        Map<String, Column<T>> byName = new java.util.LinkedHashMap<>();
        all.forEach(c -> byName.put(c.name(), c));
        List<Column<T>> out = new java.util.ArrayList<>();
        for (String name : value.split(",", -1)) {
            Column<T> c = byName.get(name.trim());
            if (c == null) {
                throw new BadRequest("columns", "'columns' must name columns of this report, comma-separated, each once: "
                        + String.join(",", byName.keySet()));
            }
            if (out.contains(c)) {
                throw new BadRequest("columns", "'columns' names '" + c.name() + "' twice");
            }
            out.add(c);
        }
        return out;
    }

    static boolean descending(String order) {
        if (order == null || order.isBlank() || order.equalsIgnoreCase("asc")) return false;
        if (order.equalsIgnoreCase("desc")) return true;
        throw new BadRequest("order", "'order' must be asc or desc");
    }

    static <E extends Enum<E>> E enumValue(String name, String value, Class<E> type, E fallback, String allowed) {
        if (value == null || value.isBlank()) return fallback;
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(name, "'" + name + "' must be one of " + allowed);
        }
    }

    /** An optional text filter: null when not given or blank. */
    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** {@code success|failure}, or null for both. */
    static Boolean outcome(String value) {
        if (value == null || value.isBlank()) return null;
        if (value.equalsIgnoreCase("success")) return true;
        if (value.equalsIgnoreCase("failure")) return false;
        throw new BadRequest("outcome", "'outcome' must be success or failure");
    }

    /** {@code actions}, {@code logins} or an action name. */
    static String metric(String value) {
        if (value == null || value.isBlank()) return "actions";
        if (value.equals("actions") || value.equals("logins") || ActionName.valid(value)) return value;
        throw new BadRequest("metric", "'metric' must be actions, logins or an action name");
    }

    /**
     * Whether the leaderboard ranks organizations: {@code by=organization}; {@code user} or nothing
     * ranks users. Organizations are not in groups, so {@code group} does not combine with it, nor
     * does the {@code organization} filter.
     */
    static boolean byOrganization(String by, String group, String organization) {
        if (by == null || by.isBlank() || by.equals("user")) return false;
        if (!by.equals("organization")) throw new BadRequest("by", "'by' must be user or organization");
        if (group != null && !group.isBlank()) {
            throw new BadRequest("group", "'group' does not apply to by=organization: organizations are not in groups");
        }
        if (organization != null && !organization.isBlank()) {
            throw new BadRequest("organization", "'organization' does not apply to by=organization, which ranks every organization");
        }
        return true;
    }

    /** {@code compare=previous} adds the range just before; nothing else is compared (yet). */
    static boolean comparePrevious(String value) {
        if (value == null || value.isBlank()) return false;
        if (value.equals("previous")) return true;
        throw new BadRequest("compare", "'compare' must be previous");
    }

    static String actionName(String name, String value) {
        if (!ActionName.valid(value)) {
            throw new BadRequest(name, "'" + name + "' must be an action name such as profile_viewed");
        }
        return value;
    }

    /** Action names, comma-separated, each valid; how many and whether repeated is for the report to judge. */
    static List<String> actionNames(String name, String value) {
        List<String> out = new java.util.ArrayList<>();
        for (String part : (value == null ? "" : value).split(",", -1)) {
            if (!ActionName.valid(part.trim())) {
                throw new BadRequest(name, "'" + name + "' must be action names such as job_posted,profile_viewed, comma-separated");
            }
            out.add(part.trim());
        }
        return out;
    }

    /** {@code comma} (the default) or {@code semicolon}. */
    static CsvExport.Delimiter delimiter(String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("comma")) return CsvExport.Delimiter.COMMA;
        if (value.equalsIgnoreCase("semicolon")) return CsvExport.Delimiter.SEMICOLON;
        throw new BadRequest("delimiter", "'delimiter' must be comma or semicolon");
    }

    /**
     * No parameter may carry control characters: nothing we look up holds them, and PostgreSQL
     * refuses NUL in a query parameter outright (a 500, not an empty answer).
     */
    static void requirePrintable(MultivaluedMap<String, String> params) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            for (String value : e.getValue()) {
                if (value != null && value.chars().anyMatch(Character::isISOControl)) {
                    throw new BadRequest(e.getKey(), "'" + Printable.of(e.getKey()) + "' must not contain control characters");
                }
            }
            if (e.getKey().chars().anyMatch(Character::isISOControl)) {
                throw new BadRequest(e.getKey(), "Parameter names must not contain control characters");
            }
        }
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(name, "'" + name + "' must be a whole number");
        }
    }
}
