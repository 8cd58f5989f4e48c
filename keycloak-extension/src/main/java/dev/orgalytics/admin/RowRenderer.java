package dev.orgalytics.admin;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orgalytics.Json;
import dev.orgalytics.stats.Column;

/**
 * Report rows as JSON objects and CSV records, both from the report's one list of {@link Column}s:
 * every column's key present (null included), in the list's order; times in the report's zone.
 */
final class RowRenderer {

    private RowRenderer() {
    }

    static <T> Map<String, Object> json(List<Column<T>> columns, T row, ZoneId zone) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Column<T> c : columns) {
            out.put(c.name(), jsonValue(c, row, zone));
        }
        return out;
    }

    static <T> List<Map<String, Object>> jsonRows(List<Column<T>> columns, List<T> rows, ZoneId zone) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (T row : rows) {
            out.add(json(columns, row, zone));
        }
        return out;
    }

    static <T> List<String> csvHeader(List<Column<T>> columns) {
        List<String> out = new ArrayList<>();
        for (Column<T> c : columns) {
            if (c.type() == Column.Type.OBJECT) {
                c.parts().forEach(p -> out.add(c.name() + Character.toUpperCase(p.name().charAt(0)) + p.name().substring(1)));
            } else {
                out.add(c.name());
            }
        }
        return out;
    }

    static <T> Object[] csvCells(List<Column<T>> columns, T row, ZoneId zone) {
        List<Object> out = new ArrayList<>();
        for (Column<T> c : columns) {
            if (c.type() == Column.Type.OBJECT) {
                c.parts().forEach(p -> out.add(csvValue(p, row, zone)));
            } else {
                out.add(csvValue(c, row, zone));
            }
        }
        return out.toArray();
    }

    private static <T> Object jsonValue(Column<T> c, T row, ZoneId zone) {
        if (c.type() == Column.Type.OBJECT) {
            Map<String, Object> parts = json(c.parts(), row, zone);
            return parts.values().stream().allMatch(v -> v == null) ? null : parts;
        }
        Object v = c.of(row);
        return v != null && c.type() == Column.Type.JSON_TEXT ? parsed((String) v) : scalar(c.type(), v, zone);
    }

    private static <T> Object csvValue(Column<T> c, T row, ZoneId zone) {
        if (c.type() == Column.Type.COUNTS || c.type() == Column.Type.OBJECT || c.type() == Column.Type.INTEGERS
                || c.type() == Column.Type.NUMBERS) {
            throw new IllegalStateException(c.name() + ": no single CSV cell for " + c.type());
        }
        Object v = c.of(row);
        return v != null && c.type() == Column.Type.STRINGS ? String.join("; ", castStrings(v)) : scalar(c.type(), v, zone);
    }

    /** Times and dates as text, the same in JSON and CSV; any other value as it is. */
    private static Object scalar(Column.Type type, Object v, ZoneId zone) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case DATE_TIME -> time(v, zone);
            case DATE -> ((LocalDate) v).toString();
            default -> v;
        };
    }

    private static String time(Object v, ZoneId zone) {
        return v instanceof Instant i ? Times.iso(i, zone) : Times.iso((Long) v, zone);
    }

    /** Stored properties are a JSON object written by the action endpoint; should one not parse, it is answered as text. */
    private static Object parsed(String json) {
        try {
            return Json.MAPPER.readValue(json, Map.class);
        } catch (IOException e) {
            return json;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> castStrings(Object v) {
        return (List<String>) v;
    }
}
