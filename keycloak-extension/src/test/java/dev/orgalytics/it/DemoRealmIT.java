package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The demo of {@code run-demo.sh}: the realm file imports into a real Keycloak, and the activity
 * generator ({@code demo/DemoActivity.java}, run from source as the script does) fills it through
 * the real endpoints with 90 days of actions and, through the backfill, of login history that the
 * reports then show: logins over the whole period and last month, users created over time, someone
 * away for two days and someone on holiday (DAU &lt; WAU &lt; MAU). Keycloak runs with the demo's
 * {@code max-age-days=91} for this class, as run-demo.sh starts it.
 */
class DemoRealmIT extends ConsoleBrowserBase {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final int DAYS = 90;

    @Test
    void demoRealmImportsAndTheGeneratorFillsItThroughTheRealEndpoints() throws Exception {
        KeycloakServer.get().restartWith("--spi-realm-restapi-extension-org-analytics-max-age-days=91");
        AdminClient admin = new AdminClient();
        admin.delete("/admin/realms/acme"); // absent (404) on a fresh server
        String realmJson = Files.readString(REPO.resolve("demo/acme-realm.json"));
        assertEquals(201, admin.postJson("/admin/realms", realmJson).status(), "demo realm import");
        try {
            generateAndCheck(admin);
            heroScreenshot();
        } finally {
            admin.deleteRealm("acme"); // its users (alice, bob, ...) would be in other tests' way
            KeycloakServer.get().restartWith();
        }
    }

    private static void generateAndCheck(AdminClient admin) throws Exception {

        String out = runGenerator();
        assertTrue(out.contains("actions over " + DAYS + " days"), out);
        assertTrue(out.contains("login history of " + DAYS + " days"), out);
        assertTrue(out.contains("events backfilled"), "progress: " + out);

        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String range = "from=" + today.minusDays(DAYS - 1) + "&to=" + today + "&tz=UTC";
        JsonNode summary = admin.getJson("/admin/realms/acme/org-analytics/summary?" + range).ok("summary").json();
        assertTrue(summary.path("logins").asLong() > 0, summary.toString());
        assertTrue(summary.path("failedLogins").asLong() > 0, summary.toString());
        assertTrue(summary.path("actions").asLong() > 0, summary.toString());
        // 11 staff created by the generator, 3 people and a service account from the file (not a user).
        assertEquals(14, summary.path("totalUsers").asLong(), summary.toString());
        // History: the one away for the last two days was active this week, not today; the one on
        // holiday for 12 days this month, not this week.
        assertTrue(summary.path("dau").asLong() > 0, summary.toString());
        assertTrue(summary.path("dau").asLong() < summary.path("wau").asLong(), summary.toString());
        assertTrue(summary.path("wau").asLong() < summary.path("mau").asLong(), summary.toString());
        LocalDate lastMonth = today.withDayOfMonth(1).minusMonths(1);
        JsonNode previousMonth = admin.getJson("/admin/realms/acme/org-analytics/summary?tz=UTC&from=" + lastMonth + "&to="
                + lastMonth.plusMonths(1).minusDays(1)).ok("last month").json();
        assertTrue(previousMonth.path("logins").asLong() > 0 && previousMonth.path("actions").asLong() > 0
                && previousMonth.path("activeUsers").asLong() > 0, "last month: " + previousMonth);
        JsonNode hana = admin.getJson("/admin/realms/acme/org-analytics/users?search=hana&" + range).ok("hana").json()
                .path("users").get(0);
        assertTrue(hana.path("logins").asLong() + hana.path("actions").asLong() > 0, hana.toString());
        // Logins on the days before today, from the backfill (real logins happen only now).
        JsonNode logins = admin.getJson("/admin/realms/acme/org-analytics/usage?interval=day&" + range).ok("usage").json();
        long pastDaysWithLogins = 0;
        long daysWithNewUsers = 0;
        for (JsonNode b : logins.path("buckets")) {
            boolean isToday = b == logins.path("buckets").get(logins.path("buckets").size() - 1);
            pastDaysWithLogins += !isToday && b.path("logins").asLong() > 0 ? 1 : 0;
            daysWithNewUsers += b.path("newUsers").asLong() > 0 ? 1 : 0;
        }
        assertTrue(pastDaysWithLogins >= DAYS / 2, "logins over the period (weekends may be empty): " + logins);
        assertTrue(daysWithNewUsers >= 8, "users created over time: " + logins);

        JsonNode usage = admin.getJson("/admin/realms/acme/org-analytics/usage?interval=day&" + range).ok("usage").json();
        JsonNode buckets = usage.path("buckets");
        assertEquals(DAYS, buckets.size());
        long dayWithActions = 0;
        for (JsonNode b : buckets) {
            dayWithActions += b.path("actions").asLong() > 0 ? 1 : 0;
        }
        assertTrue(dayWithActions >= DAYS - 1, "actions spread over the days: " + usage);

        // Two clients record actions: the backend on behalf of recruiters, the portal for managers.
        JsonNode portal = admin.getJson("/admin/realms/acme/org-analytics/actions?client=acme-portal&max=1&" + range)
                .ok("actions").json();
        assertTrue(portal.path("total").asLong() > 0, portal.toString());

        // The client companies: Keycloak organizations with the hiring managers as members, whose
        // logins and own actions are attributed to them; Hooli has no members and stays dormant.
        JsonNode orgs = admin.getJson("/admin/realms/acme/org-analytics/organizations?sort=alias&" + range).ok("organizations").json();
        assertEquals(4, orgs.path("total").asLong(), orgs.toString());
        List<String> aliases = new java.util.ArrayList<>();
        orgs.path("organizations").forEach(o -> aliases.add(o.path("alias").asText()));
        assertEquals(List.of("globex", "hooli", "initech", "umbrella"), aliases);
        JsonNode globex = orgs.path("organizations").get(0);
        assertEquals(1, globex.path("members").asLong(), globex.toString());
        assertTrue(globex.path("logins").asLong() > 0 && globex.path("actions").asLong() > 0, globex.toString());
        JsonNode hooli = orgs.path("organizations").get(1);
        assertTrue(hooli.path("lastActivityAt").isNull() && hooli.path("members").asLong() == 0, hooli.toString());
        assertEquals(2, orgs.path("organizations").get(3).path("members").asLong());

        // Idempotent: a second run stores no action and no past login twice.
        String second = runGenerator();
        assertTrue(second.contains("demo: 0 actions over"), "second run: " + second);
        assertTrue(second.contains("days: 0 events stored"), "second run: " + second);
        JsonNode again = admin.getJson("/admin/realms/acme/org-analytics/summary?" + range).ok("summary").json();
        assertEquals(summary.path("actions").asLong(), again.path("actions").asLong());
        assertEquals(14, again.path("totalUsers").asLong(), "no user twice");
        assertEquals(4, admin.getJson("/admin/realms/acme/org-analytics/organizations").ok("organizations").json()
                .path("total").asLong(), "no organization twice");
    }

    /**
     * The README's first picture: the demo organization's page as its master admin opens it, picking
     * acme (nothing was picked before in this browser), over the last 7 days.
     */
    private void heroScreenshot() {
        signIn("master", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
        assertEquals("choose-realm", bodyState());
        awaitPanels(() -> tid("realm-search").sendKeys("acme", org.openqa.selenium.Keys.ENTER));
        assertEquals("acme", driver.findElement(org.openqa.selenium.By.tagName("body")).getDomAttribute("data-realm"));
        awaitPanels(() -> new org.openqa.selenium.support.ui.Select(tid("range-preset")).selectByValue("7d"));
        assertTrue(Long.parseLong(tid("card-actions").findElement(org.openqa.selenium.By.className("card-value"))
                .getDomAttribute("data-value")) > 0, "the demo's actions are on the page");
        fullPageScreenshot("org-analytics-page", 1280);
    }

    private static String runGenerator() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "demo/DemoActivity.java", KeycloakServer.get().baseUrl())
                .directory(REPO.toFile()).redirectErrorStream(true);
        pb.environment().put("DEMO_DAYS", String.valueOf(DAYS));
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USER);
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "generator timed out: " + out);
        assertEquals(0, p.exitValue(), out);
        return out;
    }
}
