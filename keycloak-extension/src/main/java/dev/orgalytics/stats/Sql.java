package dev.orgalytics.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A piece of SQL together with the values of its {@code ?} marks, in the order the marks stand in
 * the text. Fragments are immutable and carry their own values, so a query may be put together in
 * any order (a filter built before the table it filters, a sub-query inside a join) and every value
 * still lands on its own mark. The reports used to thread one positional list through every
 * builder, which was right only when the builders ran in text order.
 *
 * <p>Report SQL is portable across PostgreSQL, H2 and MySQL/MariaDB; none of it uses {@code ?} for
 * anything but a parameter, which {@link #of} checks by counting.
 */
public final class Sql {

    public static final Sql EMPTY = new Sql("", List.of());

    private final String text;
    private final List<Object> params;

    private Sql(String text, List<Object> params) {
        this.text = text;
        this.params = params;
    }

    /** {@code text} with one non-null value per {@code ?} mark, in text order. */
    public static Sql of(String text, Object... params) {
        Objects.requireNonNull(text, "text");
        for (Object p : params) {
            // A bound null has no type: PostgreSQL refuses some of them. Conditions use IS NULL instead.
            Objects.requireNonNull(p, () -> "null parameter in: " + text);
        }
        long marks = text.chars().filter(c -> c == '?').count();
        if (marks != params.length) {
            throw new IllegalArgumentException(marks + " marks but " + params.length + " parameters in: " + text);
        }
        return new Sql(text, params.length == 0 ? List.of() : Collections.unmodifiableList(Arrays.asList(params.clone())));
    }

    /** This fragment followed by {@code next}. */
    public Sql plus(Sql next) {
        if (next.text.isEmpty()) {
            return this;
        }
        if (text.isEmpty()) {
            return next;
        }
        List<Object> all = new ArrayList<>(params.size() + next.params.size());
        all.addAll(params);
        all.addAll(next.params);
        return new Sql(text + next.text, Collections.unmodifiableList(all));
    }

    /** This fragment followed by {@code text}, which has no marks. */
    public Sql plus(String text) {
        return plus(of(text));
    }

    /** The fragments one after the other with {@code separator} (no marks) between them. */
    public static Sql join(String separator, List<Sql> parts) {
        StringBuilder text = new StringBuilder();
        List<Object> all = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            if (i > 0) {
                text.append(separator);
            }
            text.append(parts.get(i).text);
            all.addAll(parts.get(i).params);
        }
        return of(text.toString(), all.toArray());
    }

    /** {@code " AND column = ?"} when {@code value} is given, else nothing: an optional filter. */
    public static Sql andEqual(String column, Object value) {
        return value == null ? EMPTY : of(" AND " + column + " = ?", value);
    }

    /** {@code (?, ?, ...)}: one mark per value, for {@code column IN} followed by this. */
    public static Sql in(Collection<?> values) {
        if (values.isEmpty()) {
            // "IN ()" is a syntax error on every engine; callers decide what an empty set means.
            throw new IllegalArgumentException("an IN list needs at least one value");
        }
        return of("(" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")", values.toArray());
    }

    /**
     * This query limited to the page {@code [first, first + max)}: {@code LIMIT ? OFFSET ?}, which
     * PostgreSQL, H2, MySQL and MariaDB all read. {@code max} null means every row from {@code first}.
     */
    public Sql page(int first, Integer max) {
        if (max == null) {
            return first > 0 ? plus(" OFFSET " + first) : this;
        }
        return plus(of(" LIMIT ? OFFSET ?", max, first));
    }

    public String text() {
        return text;
    }

    public List<Object> params() {
        return params;
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sql other && text.equals(other.text) && params.equals(other.params);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, params);
    }

    @Override
    public String toString() {
        return text + " " + params;
    }
}
