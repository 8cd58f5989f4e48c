package dev.orgalytics.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class OrganizationScopeTest {

    @Test
    void allIncludesEveryOrganizationAndAddsNoCondition() {
        assertTrue(OrganizationScope.ALL.all());
        assertFalse(OrganizationScope.ALL.isEmpty());
        assertTrue(OrganizationScope.ALL.includes("o-1"));
        assertEquals(Sql.EMPTY, OrganizationScope.ALL.and("o.ID"));
    }

    @Test
    void someOrganizationsOnlyInSortedOrder() {
        OrganizationScope scope = OrganizationScope.only(List.of("o-2", "o-1", "o-2"));
        assertFalse(scope.all());
        assertTrue(scope.includes("o-1"));
        assertFalse(scope.includes("o-3"));
        assertFalse(scope.includes(null), "no such organization is never in a limited scope");
        Sql condition = scope.and("o.ID");
        assertEquals(" AND o.ID IN (?, ?)", condition.text());
        assertEquals(List.of("o-1", "o-2"), condition.params());
        assertEquals(scope, OrganizationScope.only(List.of("o-1", "o-2")));
    }

    @Test
    void anEmptyScopeMatchesNothing() {
        OrganizationScope none = OrganizationScope.only(List.of());
        assertTrue(none.isEmpty());
        assertFalse(none.includes("o-1"));
        assertEquals(" AND 1 = 0", none.and("o.ID").text());
    }
}
