package dev.orgalytics.stats;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;

/**
 * Who a user in an insight's list is (the stalled users, the users who stopped at a funnel step):
 * the one definition of those lists' person columns, in JSON and CSV alike.
 */
public record Person(String userId, String username, String email, String firstName, String lastName) {

    public static final List<Column<Person>> COLUMNS = List.of(
            Column.text("userId", Person::userId),
            Column.text("username", Person::username),
            Column.optionalText("email", Person::email),
            Column.optionalText("firstName", Person::firstName),
            Column.optionalText("lastName", Person::lastName));

    /** The person columns of a row that holds a person. */
    static <T> List<Column<T>> columnsOf(Function<T, Person> person) {
        return Column.of(person, COLUMNS, COLUMNS.stream().map(Column::name).toArray(String[]::new));
    }

    /** Reads id, username, email, first and last name from five result columns starting at {@code first}. */
    static Person read(ResultSet rs, int first) throws SQLException {
        return new Person(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2), rs.getString(first + 3),
                rs.getString(first + 4));
    }
}
