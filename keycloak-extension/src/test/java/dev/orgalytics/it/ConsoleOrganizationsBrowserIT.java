package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The page's organization filter and Organizations panel in a real Chromium, on a realm with
 * Keycloak's organizations on, created and filled through Keycloak's admin API and real logins:
 *
 * <pre>
 * Acme Inc  (acme)     alice (2 logins, 3 actions), bob, dan (none)  members 3, active 2, logins 3, actions 5
 * Globex    (globex)   bob (1 login, 2 actions), carl (1 login,       members 2, active 2, logins 2, failed 1, actions 3
 *                      1 failed login, 1 action)
 * Initech   (initech)  erin (none)                                    members 1, dormant
 * Umbrella  (umbrella) nobody                                         members 0, dormant
 * zed: in no organization, 1 login and 1 action; rita: the admin with view-org-analytics, in none
 * </pre>
 *
 * Bob is in Acme and Globex: his login and his actions (which name no organization) count in both.
 */
class ConsoleOrganizationsBrowserIT extends ConsoleBrowserBase {

    private record Expected(String alias, String name, long members, long activeMembers, long logins, long failedLogins,
                            long actions) {
        boolean dormant() {
            return activeMembers == 0 && logins == 0 && actions == 0;
        }
    }

    private static final List<Expected> BY_NAME = List.of(
            new Expected("acme", "Acme Inc", 3, 2, 3, 0, 5),
            new Expected("globex", "Globex", 2, 2, 2, 1, 3),
            new Expected("initech", "Initech", 1, 0, 0, 0, 0),
            new Expected("umbrella", "Umbrella", 0, 0, 0, 0, 0));

    private static Fixtures.Realm realm;
    private static String api;
    private static String ritaId;

    @BeforeAll
    static void seed() {
        realm = Fixtures.realm("console-orgs");
        api = "/admin/realms/" + realm.name() + "/org-analytics";
        realm.admin().updateRealm(realm.name(), Map.of("displayName", "Initrode Staffing"));
        Fixtures.enableOrganizations(realm);
        String acme = Fixtures.organization(realm, "Acme Inc", "acme");
        String globex = Fixtures.organization(realm, "Globex", "globex");
        String initech = Fixtures.organization(realm, "Initech", "initech");
        Fixtures.organization(realm, "Umbrella", "umbrella");
        String alice = realm.person("alice", "Alice", "Archer", "initrode.example");
        String bob = realm.person("bob", "Bob", "Okafor", "initrode.example");
        String carl = realm.person("carl", "Carl", "Nguyen", "initrode.example");
        String dan = realm.person("dan", "Dan", "Weber", "initrode.example");
        String erin = realm.person("erin", "Erin", "Santos", "initrode.example");
        realm.person("zed", "Zed", "Moreau", "initrode.example");
        ritaId = realm.person("rita", "Rita", "Reyes", "initrode.example");
        Fixtures.grantRealmManagementRole(realm, ritaId, "view-org-analytics");
        Fixtures.joinOrganization(realm, acme, alice);
        Fixtures.joinOrganization(realm, acme, bob);
        Fixtures.joinOrganization(realm, acme, dan);
        Fixtures.joinOrganization(realm, globex, bob);
        Fixtures.joinOrganization(realm, globex, carl);
        Fixtures.joinOrganization(realm, initech, erin);

        realm.token("alice");
        act(realm.token("alice"), "job_posted", "profile_viewed", "profile_viewed");
        act(realm.token("bob"), "interview_scheduled", "profile_viewed");
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), "web", null, "carl", "wrong"));
        act(realm.token("carl"), "resume_downloaded");
        act(realm.token("zed"), "job_posted");
        Fixtures.await("six logins stored", () -> Fixtures.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ?"
                + " AND EVENT_TYPE IN ('LOGIN', 'LOGIN_ERROR')", realm.id()) == 6);
    }

    private static void act(String token, String... names) {
        List<Map<String, Object>> actions = new ArrayList<>();
        for (String n : names) {
            actions.add(Map.of("action", n));
        }
        Http.Response r = Http.send("POST", realm.actionsUrl(), token, Map.of("actions", actions));
        assertEquals(202, r.status(), r.body());
    }

    private static JsonNode api(String report, Map<String, String> params) {
        return realm.admin().getJson(api + report + "?" + query(params)).ok(report).json();
    }

    /** Rita, the admin in no organization, signs in (and the page reloads once her login is stored). */
    private void signInAsRealmAdmin() {
        signInAndReload(realm, "rita", ritaId);
    }

    private List<WebElement> organizationRows() {
        return driver.findElements(By.cssSelector("[data-testid='organization-row']"));
    }

    private static List<String> attribute(List<WebElement> rows, String name) {
        return rows.stream().map(r -> r.getDomAttribute(name)).toList();
    }

    private static WebElement pickOf(WebElement row) {
        return row.findElement(By.cssSelector("[data-testid='organization-pick']"));
    }

    private static boolean hasDormantBadge(WebElement row) {
        return !row.findElements(By.cssSelector("[data-col='name'] .dormant-badge")).isEmpty();
    }

    private static String cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("[data-col='" + column + "']")).getText();
    }

    /** The panel shows exactly the API's page for these parameters (and the page's range), cell by cell. */
    private JsonNode assertOrganizationsAsApi(Map<String, String> params) {
        JsonNode page = api("/organizations", with(range(), params.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new)));
        List<WebElement> rows = organizationRows();
        List<String> aliases = new ArrayList<>();
        page.path("organizations").forEach(o -> aliases.add(o.path("alias").asText()));
        assertEquals(aliases, attribute(rows, "data-alias"), params.toString());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode o = page.path("organizations").get(i);
            WebElement row = rows.get(i);
            assertEquals(o.path("name").asText(), pickOf(row).getText());
            for (String column : List.of("members", "newMembers", "activeMembers", "logins", "failedLogins", "actions")) {
                assertEquals(o.path(column).asText(), cell(row, column), o.path("alias").asText() + " " + column);
            }
            boolean dormant = o.path("activeMembers").asLong() == 0 && o.path("logins").asLong() == 0
                    && o.path("actions").asLong() == 0;
            assertEquals(String.valueOf(dormant), row.getDomAttribute("data-dormant"), o.path("alias").asText());
            assertEquals(dormant, hasDormantBadge(row), o.path("alias").asText());
            assertEquals(dormant, o.path("lastActivityAt").isNull(), o.toString());
        }
        return page;
    }

    @Test
    void panelListsTheOrganizationsWithDormantOnesMarkedAndSearchesSortsAndExports() throws Exception {
        signInAsRealmAdmin();
        assertTrue(tid("organizations").isDisplayed());
        assertEquals(BY_NAME.stream().map(Expected::alias).toList(), attribute(organizationRows(), "data-alias"));
        List<WebElement> rows = organizationRows();
        for (int i = 0; i < BY_NAME.size(); i++) {
            Expected e = BY_NAME.get(i);
            WebElement row = rows.get(i);
            assertEquals(e.name(), pickOf(row).getText(), e.alias());
            assertEquals(e.dormant(), hasDormantBadge(row), e.alias());
            assertEquals(String.valueOf(e.members()), cell(row, "members"), e.alias());
            assertEquals(String.valueOf(e.activeMembers()), cell(row, "activeMembers"), e.alias());
            assertEquals(String.valueOf(e.logins()), cell(row, "logins"), e.alias());
            assertEquals(String.valueOf(e.failedLogins()), cell(row, "failedLogins"), e.alias());
            assertEquals(String.valueOf(e.actions()), cell(row, "actions"), e.alias());
            assertEquals(String.valueOf(e.dormant()), row.getDomAttribute("data-dormant"), e.alias());
            assertEquals(e.dormant(), row.getDomAttribute("class") != null && row.getDomAttribute("class").contains("dormant"));
            String last = cell(row, "lastActivityAt");
            assertTrue(e.dormant() ? last.equals("None in range") : last.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}"), e.alias() + ": " + last);
        }
        assertOrganizationsAsApi(Map.of("sort", "name", "order", "asc", "first", "0", "max", "25"));
        assertEquals("1–4 of 4", tid("organizations-page-label").getText());

        // Most actions first, then fewest (ties by name).
        WebElement actionsHeader = driver.findElement(By.cssSelector("[data-testid='organizations-table'] th[data-sort='actions'] button"));
        awaitPanels(actionsHeader::click, "organizations");
        assertEquals("descending", driver.findElement(By.cssSelector("[data-testid='organizations-table'] th[data-sort='actions']"))
                .getDomAttribute("aria-sort"));
        assertEquals(List.of("acme", "globex", "initech", "umbrella"), attribute(organizationRows(), "data-alias"));
        assertOrganizationsAsApi(Map.of("sort", "actions", "order", "desc", "first", "0", "max", "25"));
        awaitPanels(actionsHeader::click, "organizations");
        assertEquals(List.of("initech", "umbrella", "globex", "acme"), attribute(organizationRows(), "data-alias"));

        // Dormant first: no activity in the range, by name, then the least recently active.
        awaitPanels(() -> tid("organizations-dormant-first").click(), "organizations");
        assertEquals("true", tid("organizations-dormant-first").getDomAttribute("aria-pressed"));
        assertEquals("ascending", driver.findElement(By.cssSelector("[data-testid='organizations-table'] th[data-sort='lastActivityAt']"))
                .getDomAttribute("aria-sort"));
        assertEquals(List.of("true", "true", "false", "false"), attribute(organizationRows(), "data-dormant"));
        assertEquals(List.of("initech", "umbrella"), attribute(organizationRows(), "data-alias").subList(0, 2));
        assertOrganizationsAsApi(Map.of("sort", "lastActivityAt", "order", "asc", "first", "0", "max", "25"));

        // Search by name, then by alias; the export is the API's file for what is shown.
        WebElement search = tid("organizations-search");
        awaitPanels(() -> search.sendKeys("GLOB"), "organizations");
        assertEquals(List.of("globex"), attribute(organizationRows(), "data-alias"));
        awaitPanels(() -> search.sendKeys(Keys.chord(Keys.CONTROL, "a"), "umb"), "organizations");
        assertEquals(List.of("umbrella"), attribute(organizationRows(), "data-alias"));
        awaitPanels(() -> search.sendKeys(Keys.chord(Keys.CONTROL, "a"), "no such organization"), "organizations");
        assertEquals(List.of(), organizationRows());
        assertTrue(tid("organizations").isDisplayed(), "a search without matches keeps the panel");
        awaitPanels(() -> search.sendKeys(Keys.chord(Keys.CONTROL, "a"), "in"), "organizations");
        assertEquals(List.of("initech", "acme"), attribute(organizationRows(), "data-alias"), "Initech and Acme Inc, dormant first");
        assertDownloadIsApiCsv("export-organizations", api + "/organizations",
                with(range(), "search", "in", "sort", "lastActivityAt", "order", "asc"), 2);
        awaitPanels(() -> search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE), "organizations");
        assertDownloadIsApiCsv("export-organizations", api + "/organizations",
                with(range(), "sort", "lastActivityAt", "order", "asc"), 4);
    }

    @Test
    void choosingAnOrganizationFiltersTheWholePageAndAReloadKeepsIt() {
        signInAsRealmAdmin();
        // The header menu: every organization by name.
        assertTrue(tid("org-filter-field").isDisplayed());
        Select menu = new Select(tid("org-filter"));
        assertEquals(List.of("", "acme", "globex", "initech", "umbrella"),
                menu.getOptions().stream().map(o -> o.getDomAttribute("value")).toList());
        assertEquals("", menu.getFirstSelectedOption().getDomAttribute("value"));
        assertFalse(tid("org-scope").isDisplayed());

        // Clicking an organization's name in the panel filters every report.
        WebElement acme = pickOf(organizationRows().get(0));
        assertEquals("Acme Inc", acme.getText());
        awaitPanels(acme::click);
        assertFilteredBy(BY_NAME.get(0), List.of("alice", "bob", "dan"));
        assertEquals("true", organizationRows().get(0).getDomAttribute("aria-current"));
        assertTrue(tid("org-scope-text").getText().contains("Acme Inc"), tid("org-scope-text").getText());
        assertEquals("acme", menu.getFirstSelectedOption().getDomAttribute("value"));
        fullPageScreenshot("console-1280-organization", 1280);

        // A reload keeps the organization (Keycloak's session signs the admin in again without the form).
        driver.navigate().refresh();
        await().until(d -> "ready".equals(bodyState()) && "acme".equals(driver.findElement(By.tagName("body"))
                .getDomAttribute("data-organization")));
        for (String p : PANELS) {
            await().until(d -> "ready".equals(tid(p).getDomAttribute("data-status")));
        }
        assertFilteredBy(BY_NAME.get(0), List.of("alice", "bob", "dan"));

        // The header menu chooses another; "Show all organizations" ends the filter.
        awaitPanels(() -> new Select(tid("org-filter")).selectByValue("globex"));
        assertFilteredBy(BY_NAME.get(1), List.of("bob", "carl"));
        awaitPanels(() -> tid("org-scope-clear").click());
        assertEquals("", driver.findElement(By.tagName("body")).getDomAttribute("data-organization"));
        assertEquals("", (String) driver.executeScript("return window.location.hash"));
        assertEquals(7, userRows().size(), "everyone again");
        assertEquals("7", cardValue("totalUsers"), "the whole realm's cards again");
        assertEquals("1–7 of 7", tid("actions-page-label").getText(), "every action again");

        // A link to an organization the realm does not have says so, and shows the whole realm.
        driver.get(driver.getCurrentUrl().replaceAll("#.*$", "") + "#organization=no-such-org");
        await().until(d -> tid("org-scope").isDisplayed());
        assertTrue(tid("org-scope-text").getText().contains("No organization 'no-such-org'"), tid("org-scope-text").getText());
        assertEquals("", driver.findElement(By.tagName("body")).getDomAttribute("data-organization"));
    }

    private String cardValue(String card) {
        return tid("card-" + card).findElement(By.className("card-value")).getDomAttribute("data-value");
    }

    private List<WebElement> userRows() {
        return driver.findElements(By.cssSelector("[data-testid='users-table'] tbody tr[data-testid='user-row']"));
    }

    /** The page says it shows {@code org}, keeps it in the URL, and each report shows the API's answer for it. */
    private void assertFilteredBy(Expected org, List<String> members) {
        String alias = org.alias();
        long actions = org.actions();
        assertEquals(alias, driver.findElement(By.tagName("body")).getDomAttribute("data-organization"));
        assertEquals("#organization=" + alias, driver.executeScript("return window.location.hash"));
        assertTrue(tid("org-scope").isDisplayed());
        Map<String, String> filter = with(range(), "organization", alias);

        // Cards: its members now, and what was attributed to it.
        JsonNode summary = api("/summary", filter);
        for (String card : CARDS) {
            assertEquals(summary.path(card).asText(), cardValue(card), alias + " " + card);
        }
        assertEquals(List.of(org.members(), org.activeMembers(), org.logins(), org.failedLogins(), org.actions()),
                List.of(Long.parseLong(cardValue("totalUsers")), Long.parseLong(cardValue("activeUsers")),
                        Long.parseLong(cardValue("logins")), Long.parseLong(cardValue("failedLogins")),
                        Long.parseLong(cardValue("actions"))), alias);

        // Chart: the organization's usage, bucket by bucket.
        JsonNode buckets = api("/usage", with(filter, "interval", "day")).path("buckets");
        List<WebElement> drawn = driver.findElements(By.cssSelector("[data-testid='chart-bucket']"));
        assertEquals(buckets.size(), drawn.size());
        long chartLogins = 0;
        long chartActions = 0;
        for (int i = 0; i < drawn.size(); i++) {
            for (String[] field : new String[][] {{"logins", "data-logins"}, {"activeUsers", "data-active-users"},
                    {"actions", "data-actions"}}) {
                assertEquals(buckets.get(i).path(field[0]).asText(), drawn.get(i).getDomAttribute(field[1]), alias + " " + field[0]);
            }
            chartLogins += Long.parseLong(drawn.get(i).getDomAttribute("data-logins"));
            chartActions += Long.parseLong(drawn.get(i).getDomAttribute("data-actions"));
        }
        assertEquals(org.logins(), chartLogins, alias + ": logins in the chart");
        assertEquals(org.actions(), chartActions, alias + ": actions in the chart");

        // Users: the members now, as the API lists them.
        JsonNode users = api("/users", with(filter, "sort", "lastName", "order", "asc", "first", "0", "max", "25"));
        List<String> expected = new ArrayList<>();
        users.path("users").forEach(u -> expected.add(u.path("username").asText()));
        assertEquals(members.stream().sorted().toList(), expected.stream().sorted().toList());
        assertEquals(expected, attribute(userRows(), "data-username"));

        // Actions: those attributed to the organization.
        JsonNode attributed = api("/actions", with(filter, "first", "0", "max", "10"));
        assertEquals(actions, attributed.path("total").asLong());
        List<String> ids = new ArrayList<>();
        attributed.path("actions").forEach(a -> ids.add(a.path("id").asText()));
        assertEquals(ids, attribute(driver.findElements(By.cssSelector("[data-testid='action-row']")), "data-id"));
        assertEquals("1–" + actions + " of " + actions, tid("actions-page-label").getText());

        // Leaderboard: its members ranked.
        JsonNode board = api("/leaderboard", Map.of("period", "this_month", "metric", "actions", "tz", range().get("tz"),
                "limit", "10", "organization", alias));
        List<String> leaders = new ArrayList<>();
        board.path("entries").forEach(e -> leaders.add(e.path("username").asText() + "=" + e.path("score").asText()));
        List<String> shown = driver.findElements(By.cssSelector("[data-testid='leader-row']")).stream()
                .map(r -> r.getDomAttribute("data-username") + "=" + r.getDomAttribute("data-score")).toList();
        assertEquals(leaders, shown);
        assertTrue(members.containsAll(attribute(driver.findElements(By.cssSelector("[data-testid='leader-row']")), "data-username")));
    }

    @Test
    void narrowScreenShowsTheFilterAndThePanelsKeyColumns() {
        driver.manage().window().setSize(new Dimension(390, 844));
        signInAsRealmAdmin();
        long overflow = (Long) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertTrue(overflow <= 0, "the page itself does not scroll sideways: " + overflow + " px");
        assertTrue(tid("org-filter").isDisplayed());
        WebElement table = tid("organizations-table");
        assertEquals("auto", table.findElement(By.xpath("..")).getCssValue("overflow-x"));
        // Name and active members are in view without scrolling the table.
        WebElement wrap = table.findElement(By.xpath(".."));
        long wrapRight = wrap.getRect().getX() + wrap.getRect().getWidth();
        for (String column : List.of("name", "activeMembers")) {
            WebElement cell = organizationRows().get(0).findElement(By.cssSelector("[data-col='" + column + "']"));
            assertTrue(cell.getRect().getX() + cell.getRect().getWidth() <= wrapRight, column + " is in view");
        }
        driver.executeScript("arguments[0].scrollIntoView()", tid("organizations"));
        screenshot("console-390-organizations");
    }
}
