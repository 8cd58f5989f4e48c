package dev.orgalytics.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.orgalytics.stats.BadRequest;
import dev.orgalytics.stats.Column;
import dev.orgalytics.stats.UsersReport;

class ParamsTest {

    private static List<String> names(List<Column<UsersReport.UserRow>> columns) {
        return columns.stream().map(Column::name).toList();
    }

    @Test
    void columnsDefaultToEveryColumnAndOtherwiseFollowTheRequestsOrder() {
        assertSame(UsersReport.COLUMNS, Params.columns(null, UsersReport.COLUMNS));
        assertSame(UsersReport.COLUMNS, Params.columns(" ", UsersReport.COLUMNS));
        assertEquals(List.of("lastLoginAt", "id"), names(Params.columns("lastLoginAt, id", UsersReport.COLUMNS)));
    }

    @Test
    void unknownEmptyOrRepeatedColumnsAreRefused() {
        for (String bad : List.of("nope", "id,id", "id,,username", ",", "ID", "id;username")) {
            assertThrows(BadRequest.class, () -> Params.columns(bad, UsersReport.COLUMNS), bad);
        }
    }

    @Test
    void compareIsPreviousOrNothing() {
        assertEquals(false, Params.comparePrevious(null));
        assertEquals(false, Params.comparePrevious(""));
        assertEquals(true, Params.comparePrevious("previous"));
        for (String bad : List.of("PREVIOUS", "prior", "previous,previous", "year")) {
            assertEquals("compare", assertThrows(BadRequest.class, () -> Params.comparePrevious(bad), bad).parameter());
        }
    }

    @Test
    void dormantDaysAreOneToTenYears() {
        assertEquals(30, Params.max(null, 30, 3650, "days"));
        assertEquals(3650, Params.max("3650", 30, 3650, "days"));
        for (String bad : List.of("0", "-1", "3651", "1.5", "thirty", "99999999999")) {
            assertEquals("days", assertThrows(BadRequest.class, () -> Params.max(bad, 30, 3650, "days"), bad).parameter());
        }
    }
}
