package dev.orgalytics.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConsoleClientTest {

    @Test
    void createdOnceThenLeftToTheAdmins() {
        assertEquals(ConsoleClient.Step.CREATE, ConsoleClient.decide(false, false));
        assertEquals(ConsoleClient.Step.KEEP, ConsoleClient.decide(true, true));
        assertEquals(ConsoleClient.Step.KEEP, ConsoleClient.decide(true, false), "an admin-made client of that id is kept as is");
        assertEquals(ConsoleClient.Step.RESPECT_DELETION, ConsoleClient.decide(false, true), "deleted by an admin: not re-created");
    }

    @Test
    void pagePathEncodesTheRealmName() {
        assertEquals("/realms/acme/org-analytics/console/", ConsoleClient.pagePath("acme"));
        assertEquals("/realms/my%20org/org-analytics/console/", ConsoleClient.pagePath("my org"));
        assertEquals("/realms/a%2Fb%3F%23/org-analytics/console/", ConsoleClient.pagePath("a/b?#"));
        assertEquals("/realms/M%C3%BCnchen-1_x.y~z/org-analytics/console/", ConsoleClient.pagePath("München-1_x.y~z"));
    }
}
