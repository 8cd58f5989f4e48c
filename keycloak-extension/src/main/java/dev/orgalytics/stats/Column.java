package dev.orgalytics.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One field of a report's rows, declared once: its name (the JSON key and the CSV header), how to
 * read it from a row, and its type as {@code openapi.json} states it. The JSON rows, the CSV header
 * and the CSV cells are all made from a report's one list of columns, and a unit test holds the
 * list to the row schema in {@code openapi.json}, so the three cannot drift apart.
 *
 * @param parts the fields of an {@link Type#OBJECT} column (read from the same row), else empty
 */
public record Column<T>(String name, Type type, boolean nullable, Function<T, ?> value, List<Column<T>> parts) {

    /** What a value is, how it is answered, and its OpenAPI type and format. */
    public enum Type {
        STRING("string", null),
        INTEGER("integer", null),
        /** A fraction such as a conversion rate: a {@code double}, answered as it is (not rounded). */
        NUMBER("number", null),
        BOOLEAN("boolean", null),
        /** Epoch milliseconds or an {@code Instant}; answered as ISO-8601 with the report zone's offset. */
        DATE_TIME("string", "date-time"),
        /** A {@code LocalDate}, answered as {@code YYYY-MM-DD}. */
        DATE("string", "date"),
        /** A list of texts; in CSV one cell, the texts joined by {@code "; "}. */
        STRINGS("array", null),
        /** A list of whole numbers ({@code List<Long>}); a report that exports it to CSV spreads it into rows itself. */
        INTEGERS("array", null),
        /** A list of fractions ({@code List<Double>}); like {@link #INTEGERS} in CSV. */
        NUMBERS("array", null),
        /** Counts per name ({@code Map<String, Long>}); a report that exports it to CSV spreads it into columns itself. */
        COUNTS("object", null),
        /** A JSON object stored as text: parsed in the JSON answer, the text as stored in CSV. */
        JSON_TEXT("object", null),
        /**
         * The {@code parts} as one object, null when every part is; in CSV one column per part,
         * named after both ({@code target} and {@code type}: {@code targetType}).
         */
        OBJECT("object", null);

        public final String openApiType;
        /** Null where the type has no format. */
        public final String openApiFormat;

        Type(String openApiType, String openApiFormat) {
            this.openApiType = openApiType;
            this.openApiFormat = openApiFormat;
        }
    }

    public Column {
        parts = List.copyOf(parts);
        if ((type == Type.OBJECT) == parts.isEmpty()) {
            throw new IllegalArgumentException(name + ": an object column, and only one, has parts");
        }
    }

    public static <T> Column<T> text(String name, Function<T, String> value) {
        return new Column<>(name, Type.STRING, false, value, List.of());
    }

    public static <T> Column<T> optionalText(String name, Function<T, String> value) {
        return new Column<>(name, Type.STRING, true, value, List.of());
    }

    public static <T> Column<T> integer(String name, Function<T, Number> value) {
        return new Column<>(name, Type.INTEGER, false, value, List.of());
    }

    public static <T> Column<T> number(String name, Function<T, Double> value) {
        return new Column<>(name, Type.NUMBER, false, value, List.of());
    }

    public static <T> Column<T> integers(String name, Function<T, List<Long>> value) {
        return new Column<>(name, Type.INTEGERS, false, value, List.of());
    }

    public static <T> Column<T> numbers(String name, Function<T, List<Double>> value) {
        return new Column<>(name, Type.NUMBERS, false, value, List.of());
    }

    public static <T> Column<T> bool(String name, Function<T, Boolean> value) {
        return new Column<>(name, Type.BOOLEAN, false, value, List.of());
    }

    /** A time always present: epoch milliseconds or an {@code Instant}. */
    public static <T> Column<T> time(String name, Function<T, Object> value) {
        return new Column<>(name, Type.DATE_TIME, false, value, List.of());
    }

    /** A time that may be missing (never logged in, no creation time recorded). */
    public static <T> Column<T> optionalTime(String name, Function<T, Long> value) {
        return new Column<>(name, Type.DATE_TIME, true, value, List.of());
    }

    public static <T> Column<T> date(String name, Function<T, Object> value) {
        return new Column<>(name, Type.DATE, false, value, List.of());
    }

    public static <T> Column<T> texts(String name, Function<T, List<String>> value) {
        return new Column<>(name, Type.STRINGS, false, value, List.of());
    }

    public static <T> Column<T> counts(String name, Function<T, Map<String, Long>> value) {
        return new Column<>(name, Type.COUNTS, false, value, List.of());
    }

    public static <T> Column<T> optionalJsonText(String name, Function<T, String> value) {
        return new Column<>(name, Type.JSON_TEXT, true, value, List.of());
    }

    @SafeVarargs
    public static <T> Column<T> optionalObject(String name, Column<T>... parts) {
        return new Column<>(name, Type.OBJECT, true, row -> null, List.of(parts));
    }

    /** The columns of {@code all} called {@code names}, in the order of {@code names}. */
    public static <T> List<Column<T>> only(List<Column<T>> all, String... names) {
        List<Column<T>> out = new ArrayList<>(names.length);
        for (String name : names) {
            out.add(all.stream().filter(c -> c.name.equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no column " + name)));
        }
        return List.copyOf(out);
    }

    /**
     * The columns of {@code all} called {@code names}, read from a part of another row type (a row
     * that holds a user row, say): the same names, types and nullability, declared once.
     */
    public static <T, S> List<Column<T>> of(Function<T, S> part, List<Column<S>> all, String... names) {
        List<Column<T>> out = new ArrayList<>(names.length);
        for (Column<S> c : only(all, names)) {
            if (c.type == Type.OBJECT) {
                throw new IllegalArgumentException(c.name + ": an object column reads its parts, not a value");
            }
            out.add(new Column<>(c.name, c.type, c.nullable, row -> c.of(part.apply(row)), List.of()));
        }
        return out;
    }

    /** The raw value of this column in {@code row} (for an object column, null: read its parts). */
    public Object of(T row) {
        return value.apply(row);
    }
}
