package dev.orgalytics.admin;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.orgalytics.stats.BadRequest;

/** Parsing of query parameters into values or a {@link BadRequest} that names the parameter. */
final class Params {

    private static final Pattern ACTION_NAME = Pattern.compile("^[a-z][a-z0-9_.:-]{0,63}$");

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
        if (value.equals("actions") || value.equals("logins") || ACTION_NAME.matcher(value).matches()) return value;
        throw new BadRequest("metric", "'metric' must be actions, logins or an action name");
    }

    static String actionName(String name, String value) {
        if (value == null || !ACTION_NAME.matcher(value).matches()) {
            throw new BadRequest(name, "'" + name + "' must be an action name such as profile_viewed");
        }
        return value;
    }

    private static int integer(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequest(name, "'" + name + "' must be a whole number");
        }
    }
}
