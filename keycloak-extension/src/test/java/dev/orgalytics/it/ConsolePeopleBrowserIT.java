package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The page's people and follow-up views in a real Chromium against the real Keycloak: a person's
 * drill-down, the Follow-up lists (stalled, dormant), failed logins, the cards' change against the
 * previous period, the leaderboard's periods, and what admins with some rights, or none, see.
 *
 * <pre>
 * user   account   activity                                                    group  role
 * ann    new       2 logins, 1 failed; profile_viewed x4, interview_scheduled  /Team  recruiter
 * bob    new       1 login; profile_viewed x3                                  -      -
  * cyd    new       1 login; profile_viewed x2, job_posted                      -      -
 * olga   100 days  nothing                                                     /Team  -
 * pete   100 days  a failed login only                                         -      -
 * rita (view-org-analytics), vera (view-users), tom (view-org-analytics-totals), nora (nothing)
 * </pre>
 */
class ConsolePeopleBrowserIT extends ConsoleBrowserBase {

    private static Fixtures.Realm realm;
    private static String api;
    private static final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeAll
    static void seed() {
        realm = Fixtures.realm("people");
        api = "/admin/realms/" + realm.name() + "/org-analytics";
        AdminClient admin = realm.admin();
        admin.postJson("/admin/realms/" + realm.name() + "/groups", Map.of("name", "Team")).ok("group");
        admin.postJson("/admin/realms/" + realm.name() + "/roles", Map.of("name", "recruiter")).ok("role");
        long hundredDays = System.currentTimeMillis() - Duration.ofDays(100).toMillis();
        admin.postJson("/admin/realms/" + realm.name() + "/partialImport", Map.of("ifResourceExists", "FAIL", "users", List.of(
                imported("olga", "Olga", "Quinn", hundredDays, List.of("/Team")),
                imported("pete", "Pete", "Hart", hundredDays, List.of())))).ok("partial import");
        ids.put("ann", realm.person("ann", "Ann", "Archer", "people.example"));
        ids.put("bob", realm.person("bob", "Bob", "Baker", "people.example"));
        ids.put("cyd", realm.person("cyd", "Cyd", "Cole", "people.example"));
        String team = admin.getJson("/admin/realms/" + realm.name() + "/group-by-path/Team").ok("team").json().path("id").asText();
        admin.putJson("/admin/realms/" + realm.name() + "/users/" + ids.get("ann") + "/groups/" + team, null).ok("join");
        admin.assignRealmRole(realm.name(), ids.get("ann"), "recruiter");

        realm.token("ann");
        act(realm.token("ann"), "profile_viewed", "profile_viewed", "profile_viewed", "profile_viewed", "interview_scheduled");
        act(realm.token("bob"), "profile_viewed", "profile_viewed", "profile_viewed");
        act(realm.token("cyd"), "profile_viewed", "profile_viewed", "job_posted");
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), Fixtures.WEB_CLIENT, null, "ann", "wrong"));
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), Fixtures.WEB_CLIENT, null, "pete", "wrong"));

        for (String[] a : List.of(new String[] {"rita", "view-org-analytics"}, new String[] {"vera", "view-users"},
                new String[] {"tom", "view-org-analytics-totals"})) {
            ids.put(a[0], realm.person(a[0], a[0].toUpperCase().charAt(0) + a[0].substring(1), "Admin", "people.example"));
            Fixtures.grantRealmManagementRole(realm, ids.get(a[0]), a[1]);
        }
        ids.put("nora", realm.person("nora", "Nora", "None", "people.example"));
        Fixtures.await("seeded logins stored", () -> Fixtures.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ?"
                + " AND EVENT_TYPE IN ('LOGIN', 'LOGIN_ERROR')", realm.id()) == 6);
    }

    private static Map<String, Object> imported(String username, String first, String last, long createdAt, List<String> groups) {
        return Map.of("username", username, "enabled", true, "createdTimestamp", createdAt, "groups", groups,
                "email", username + "@people.example", "emailVerified", true, "firstName", first, "lastName", last,
                "credentials", List.of(Map.of("type", "password", "value", Fixtures.PASSWORD, "temporary", false)));
    }

    /** The user's actions, a minute apart, ending now. */
    private static void act(String token, String... names) {
        Instant now = Instant.now();
        List<Map<String, Object>> actions = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            actions.add(Map.of("action", names[i], "occurredAt", now.minus(Duration.ofMinutes(i)).toString(),
                    "target", Map.of("type", "candidate", "id", "c" + i, "name", "Candidate " + i)));
        }
        Http.Response r = Http.send("POST", realm.actionsUrl(), token, Map.of("actions", actions));
        assertEquals(202, r.status(), r.body());
    }

    private static JsonNode api(String report, Map<String, String> params) {
        return realm.admin().getJson(api + report + "?" + query(params)).ok(report).json();
    }

    private void signInAs(String username) {
        signInAndReload(realm, username, ids.get(username));
    }

    /** Clicks the name and waits for the drill-down's three loads. */
    private void openDrillDown(WebElement name) {
        Map<String, Integer> before = new LinkedHashMap<>();
        for (String p : List.of("user-detail", "user-recent-actions", "user-recent-logins")) {
            before.put(p, generation(p));
        }
        name.click();
        before.forEach((p, g) -> await().until(d -> generation(p) > g));
        assertTrue(tid("user-detail").isDisplayed());
    }

    private WebElement nameIn(String table, String username) {
        return driver.findElement(By.cssSelector("[data-testid='" + table + "'] [data-testid='user-open'][data-user-id='" + ids.get(username) + "']"));
    }

    // ------------------------------------------------------------------ tests

    @Test
    void aNameOpensTheDrillDownWithWhatTheApiSays() {
        signInAs("rita");
        openDrillDown(nameIn("users-table", "ann"));
        assertEquals("ready", tid("user-detail").getDomAttribute("data-status"), () -> tid("user-detail-error").getText());
        JsonNode ann = api("/users/" + ids.get("ann"), range());
        assertEquals("Ann Archer", tid("user-detail-name").getText());
        assertEquals("ann · ann@people.example", tid("user-detail-sub").getText());
        assertEquals(List.of(2L, 1L, 5L), List.of(ann.path("logins").asLong(), ann.path("failedLogins").asLong(), ann.path("actions").asLong()));
        for (String key : List.of("logins", "failedLogins", "actions")) {
            assertEquals(ann.path(key).asText(), tid("user-detail-" + key).getDomAttribute("data-value"), key);
        }
        // Every day of the range, as the API counts it.
        List<WebElement> days = driver.findElements(By.cssSelector("[data-testid='user-day']"));
        assertEquals(30, days.size());
        assertEquals(ann.path("daily").size(), days.size());
        for (int i = 0; i < days.size(); i++) {
            JsonNode d = ann.path("daily").get(i);
            assertEquals(d.path("date").asText(), days.get(i).getDomAttribute("data-date"));
            assertEquals(d.path("logins").asText(), days.get(i).getDomAttribute("data-logins"), d.toString());
            assertEquals(d.path("actions").asText(), days.get(i).getDomAttribute("data-actions"), d.toString());
        }
        assertEquals(List.of("profile_viewed=4", "interview_scheduled=1"), driver.findElements(By.cssSelector("[data-testid='user-by-type-row']"))
                .stream().map(r -> r.getDomAttribute("data-action") + "=" + r.getDomAttribute("data-count")).toList());
        assertEquals(List.of("/Team"), attribute("[data-testid='user-detail-groups'] .chip", "data-group"));
        List<String> roles = new ArrayList<>();
        ann.path("roles").forEach(r -> roles.add(r.asText()));
        assertTrue(roles.contains("recruiter"), roles.toString());
        assertEquals(roles, attribute("[data-testid='user-detail-roles'] .chip", "data-role"));
        // Recent actions and logins: the API's newest ten, in its order.
        assertEquals(field(api("/actions", with(range(), "user", ids.get("ann"), "max", "10")).path("actions"), "id"),
                attribute("[data-testid='user-recent-action']", "data-id"));
        assertEquals(List.of("failure", "success", "success"), attribute("[data-testid='user-recent-login']", "data-outcome"));
        assertEquals(field(api("/logins", with(range(), "user", ids.get("ann"), "max", "10")).path("logins"), "outcome"),
                attribute("[data-testid='user-recent-login']", "data-outcome"));
        assertEquals(KeycloakServer.get().baseUrl() + "/admin/" + realm.name() + "/console/#/" + realm.name() + "/users/"
                + ids.get("ann") + "/settings", tid("user-detail-admin-link").getDomAttribute("href"));
        screenshot("org-analytics-drill-down");

        // From the leaderboard: another person in the same dialog.
        tid("user-detail-close").click();
        await().until(d -> !tid("user-detail").isDisplayed());
        openDrillDown(nameIn("leaderboard-table", "bob"));
        assertEquals("Bob Baker", tid("user-detail-name").getText());
        assertEquals("3", tid("user-detail-actions").getDomAttribute("data-value"));
        assertEquals(List.of("profile_viewed=3"), driver.findElements(By.cssSelector("[data-testid='user-by-type-row']"))
                .stream().map(r -> r.getDomAttribute("data-action") + "=" + r.getDomAttribute("data-count")).toList());
        assertEquals(List.of("No group"), List.of(tid("user-detail-groups").getText()));
    }

    @Test
    void followUpListsStalledAndDormantPeopleAndExportsThem() throws Exception {
        signInAs("rita");
        driver.executeScript("arguments[0].scrollIntoView()", tid("followup"));
        // The usual question when the realm has both names: viewed profiles, scheduled no interview.
        assertEquals("profile_viewed", new Select(tid("stalled-did")).getFirstSelectedOption().getDomAttribute("value"));
        assertEquals("interview_scheduled", new Select(tid("stalled-without")).getFirstSelectedOption().getDomAttribute("value"));
        assertEquals(List.of("bob"), attribute("[data-testid='stalled-row']", "data-username"));
        assertEquals(List.of("3"), attribute("[data-testid='stalled-row']", "data-count"));
        tid("stalled-min").clear();
        tid("stalled-min").sendKeys("2");
        awaitPanels(() -> tid("stalled-apply").click(), "stalled");
        Map<String, String> stalled = with(range(), "did", "profile_viewed", "without", "interview_scheduled", "min", "2");
        assertEquals(field(api("/insights/stalled", stalled).path("users"), "username"), attribute("[data-testid='stalled-row']", "data-username"));
        assertEquals(List.of("bob", "cyd"), attribute("[data-testid='stalled-row']", "data-username"));
        assertEquals(List.of("3", "2"), attribute("[data-testid='stalled-row']", "data-count"));
        assertDownloadIsApiCsv("export-stalled", api + "/insights/stalled", with(stalled, "first", "0"), 2);

        // Dormant for 30 days: the two old accounts, never logged in (a failed login is no login).
        JsonNode dormant = api("/insights/dormant", Map.of("days", "30", "tz", range().get("tz")));
        assertEquals(2, dormant.path("total").asLong());
        assertEquals(List.of("olga", "pete"), attribute("[data-testid='dormant-row']", "data-username"));
        assertEquals(field(dormant.path("users"), "username"), attribute("[data-testid='dormant-row']", "data-username"));
        assertEquals(List.of("true", "true"), attribute("[data-testid='dormant-row']", "data-never"));
        assertEquals("1–2 of 2", tid("dormant-page-label").getText());
        assertDownloadIsApiCsv("export-dormant", api + "/insights/dormant", Map.of("days", "30", "tz", range().get("tz")), 2);
        awaitPanels(() -> new Select(tid("dormant-days")).selectByValue("90"), "dormant");
        assertEquals(List.of("olga", "pete"), attribute("[data-testid='dormant-row']", "data-username"));
        driver.executeScript("arguments[0].scrollIntoView()", tid("followup"));
        screenshot("org-analytics-follow-up");
    }

    @Test
    void failedLoginsDeltasAndLeaderboardPeriods() {
        signInAs("rita");
        // Failed logins: Keycloak's error, the client and the address, as the API lists them.
        JsonNode failed = api("/logins", with(range(), "outcome", "failure", "first", "0", "max", "10"));
        assertEquals(2, failed.path("total").asLong());
        assertEquals("2", tid("logins-total").getDomAttribute("data-value"));
        assertEquals(List.of("pete", "ann"), attribute("[data-testid='failed-login-row']", "data-username"));
        assertEquals(List.of("invalid_user_credentials", "invalid_user_credentials"), attribute("[data-testid='failed-login-row']", "data-error"));
        assertEquals(List.of("web", "web"), attribute("[data-testid='failed-login-row']", "data-client"));
        assertEquals(field(failed.path("logins"), "ipAddress"), attribute("[data-testid='failed-login-row']", "data-ip"));
        assertFalse(field(failed.path("logins"), "ipAddress").get(0).isEmpty());

        // The cards' change against the 30 days before, which had nothing: "+N (new)".
        JsonNode summary = api("/summary", with(range(), "compare", "previous"));
        assertEquals(11, summary.path("actions").asLong());
        assertEquals(0, summary.path("previous").path("actions").asLong());
        for (String card : List.of("activeUsers", "dau", "wau", "mau", "logins", "failedLogins", "actions")) {
            WebElement delta = tid("delta-" + card);
            assertEquals(summary.path("previous").path(card).asText(), delta.getDomAttribute("data-previous"), card);
            assertEquals(String.valueOf(summary.path(card).asLong() - summary.path("previous").path(card).asLong()),
                    delta.getDomAttribute("data-delta"), card);
        }
        assertEquals("+11 (new) vs previous", tid("delta-actions").getText());
        assertEquals("bad", tid("delta-failedLogins").getDomAttribute("data-trend"), "more failed logins is worse");
        assertEquals("good", tid("delta-actions").getDomAttribute("data-trend"));
        assertTrue(driver.findElements(By.cssSelector("[data-testid='delta-totalUsers']")).isEmpty(), "total users is a count of now");
        // Red only above zero.
        WebElement failedCard = tid("card-failedLogins");
        assertEquals("true", failedCard.getDomAttribute("data-alert"));
        assertEquals("rgba(180, 35, 24, 1)", failedCard.findElement(By.className("card-value")).getCssValue("color"));
        new Select(tid("range-preset")).selectByValue("custom");
        driver.executeScript("arguments[0].value = '2020-01-01'; arguments[1].value = '2020-01-31'", tid("range-from"), tid("range-to"));
        awaitPanels(() -> tid("range-apply").click());
        assertEquals("2020-01-01", range().get("from"));
        assertEquals("0", failedCard.findElement(By.className("card-value")).getDomAttribute("data-value"));
        assertEquals("false", failedCard.getDomAttribute("data-alert"));
        assertEquals("rgba(27, 36, 48, 1)", failedCard.findElement(By.className("card-value")).getCssValue("color"));
        assertEquals("±0 vs previous", tid("delta-failedLogins").getText());

        // Leaderboard periods: last week (empty: everything happened now) and custom days.
        String tz = range().get("tz");
        Select period = new Select(tid("leaderboard-period"));
        assertEquals(List.of("this_week", "last_week", "this_month", "last_month", "custom"),
                period.getOptions().stream().map(o -> o.getDomAttribute("value")).toList());
        awaitPanels(() -> period.selectByValue("last_week"), "leaderboard");
        assertEquals(field(api("/leaderboard", Map.of("period", "last_week", "metric", "actions", "tz", tz, "limit", "10")).path("entries"), "username"),
                attribute("[data-testid='leader-row']", "data-username"));
        period.selectByValue("custom");
        // Yesterday and today: the fixture's actions stay inside even when the class runs across midnight.
        String today = api("/summary", Map.of("tz", tz)).path("to").asText().substring(0, 10);
        String yesterday = LocalDate.parse(today).minusDays(1).toString();
        WebElement from = tid("leaderboard-from");
        driver.executeScript("arguments[0].value = arguments[1]; arguments[2].value = arguments[3]", from, yesterday, tid("leaderboard-to"), today);
        awaitPanels(() -> tid("leaderboard-apply").click(), "leaderboard");
        JsonNode custom = api("/leaderboard", Map.of("period", "custom", "from", yesterday, "to", today, "metric", "actions", "tz", tz, "limit", "10"));
        assertEquals(List.of("ann", "bob", "cyd"), field(custom.path("entries"), "username"));
        assertEquals(List.of("ann", "bob", "cyd"), attribute("[data-testid='leader-row']", "data-username"));
        assertEquals(List.of("5", "3", "3"), attribute("[data-testid='leader-row']", "data-score"));
        assertEquals(List.of("1", "2", "2"), attribute("[data-testid='leader-row']", "data-rank"));
    }

    private List<String> panelsWith(String status) {
        List<String> all = new ArrayList<>(PANELS);
        return all.stream().filter(p -> status.equals(tid(p).getDomAttribute("data-status"))).toList();
    }

    private void awaitFirstLoads() {
        for (String p : PANELS) {
            await().until(d -> generation(p) > 0 && !"loading".equals(tid(p).getDomAttribute("data-status")));
        }
    }

    /** Shown errors that are not the quiet "needs a right" lines: there must be none. */
    private long loudErrors() {
        return driver.findElements(By.cssSelector(".error:not(.denied-note)")).stream().filter(WebElement::isDisplayed).count()
                + (tid("banner").isDisplayed() ? 1 : 0);
    }

    @Test
    void viewUsersAloneSeesThePeoplePanelsAndAQuietNoteOnTheLogs() {
        signIn(realm.name(), "vera", Fixtures.PASSWORD);
        awaitFirstLoads();
        assertEquals("ready", bodyState());
        assertEquals(List.of("actions", "logins"), panelsWith("denied"));
        assertEquals(List.of("summary", "usage", "organizations", "users", "leaderboard", "catalog", "stalled", "dormant", "funnel"), panelsWith("ready"));
        assertEquals("Not shown: this needs view-org-analytics or view-events in realm " + realm.name() + ".", tid("logins-error").getText());
        assertFalse(tid("export-logins").isDisplayed());
        assertEquals(0, loudErrors());
        // The drill-down: the person, and a quiet note where the logs would be.
        openDrillDown(nameIn("users-table", "ann"));
        assertEquals("ready", tid("user-detail").getDomAttribute("data-status"));
        assertEquals("5", tid("user-detail-actions").getDomAttribute("data-value"));
        assertEquals("denied", tid("user-recent-actions").getDomAttribute("data-status"));
        assertEquals("denied", tid("user-recent-logins").getDomAttribute("data-status"));
        assertTrue(tid("user-recent-logins-error").getText().contains("view-events"));
        screenshot("console-partial-view-users");
    }

    @Test
    void theTotalsRoleSeesTheTotalsAndAQuietNoteOnThePeople() {
        signIn(realm.name(), "tom", Fixtures.PASSWORD);
        awaitFirstLoads();
        assertEquals("ready", bodyState());
        assertEquals(List.of("users", "actions", "stalled", "dormant", "logins", "funnel"), panelsWith("denied"));
        assertEquals(List.of("summary", "usage", "organizations", "leaderboard", "catalog"), panelsWith("ready"));
        assertTrue(tid("users-error").getText().contains("view-org-analytics or view-users"), tid("users-error").getText());
        assertEquals(0, loudErrors());
        // Ranked without names to open: the totals role gets no user ids.
        assertEquals(3, driver.findElements(By.cssSelector("[data-testid='leader-row']")).size());
        assertTrue(driver.findElements(By.cssSelector("[data-testid='leaderboard-table'] [data-testid='user-open']")).isEmpty());
        fullPageScreenshot("console-partial-totals", 1280);
    }

    @Test
    void noRightsAtAllIsOneClearScreen() {
        signIn(realm.name(), "nora", Fixtures.PASSWORD);
        await().until(d -> "forbidden".equals(bodyState()));
        assertTrue(tid("no-access").isDisplayed());
        assertEquals("nora may not read Org Analytics in realm " + realm.name() + ". Ask an administrator of the realm for the role"
                + " view-org-analytics (every report), view-org-analytics-totals (the totals only), or view-users (people) and"
                + " view-events (login and action logs): client roles of realm-management.", tid("no-access-text").getText());
        assertFalse(tid("main").isDisplayed());
        assertFalse(tid("banner").isDisplayed());
        assertFalse(tid("range-form").isDisplayed());
        assertTrue(tid("sign-out").isDisplayed());
        screenshot("console-no-access");
    }

    @Test
    void phoneWidthShowsRowsAsCardsAndTheDrillDownFits() {
        driver.manage().window().setSize(new Dimension(390, 844));
        signInAs("rita");
        long overflow = (Long) driver.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertTrue(overflow <= 0, "the page itself does not scroll sideways: " + overflow + " px");
        assertFalse(driver.findElement(By.cssSelector("[data-testid='users-table'] thead")).isDisplayed(), "rows are cards");
        for (String table : List.of("users-table", "dormant-table", "logins-table")) {
            WebElement row = driver.findElement(By.cssSelector("[data-testid='" + table + "'] tbody tr"));
            WebElement wrap = tid(table).findElement(By.xpath(".."));
            long right = wrap.getRect().getX() + wrap.getRect().getWidth();
            for (WebElement cell : row.findElements(By.tagName("td"))) {
                assertTrue(cell.getRect().getX() + cell.getRect().getWidth() <= right, table + ": every cell in view");
            }
        }
        WebElement email = driver.findElement(By.cssSelector("[data-testid='users-table'] tbody tr td[data-col='email']"));
        assertTrue(email.isDisplayed() && email.getText().endsWith("@people.example"), email.getText());
        fullPageScreenshot("org-analytics-390", 390);
        openDrillDown(nameIn("users-table", "ann"));
        WebElement dialog = tid("user-detail");
        assertTrue(dialog.getRect().getWidth() <= 390, "the drill-down fits: " + dialog.getRect().getWidth());
        assertTrue(tid("user-detail-close").isDisplayed());
    }

    @Test
    void loadingDimsTheNumbersAndLeavesTheButtonsFree() {
        signInAs("rita");
        driver.executeCdpCommand("Network.enable", Map.of());
        driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 3000,
                "downloadThroughput", -1, "uploadThroughput", -1));
        try {
            int before = generation("users");
            tid("refresh").click();
            await().until(d -> "loading".equals(tid("users").getDomAttribute("data-status")));
            driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", tid("export-users"));
            WebElement wrap = tid("users-table").findElement(By.xpath(".."));
            assertEquals("0.5", wrap.getCssValue("opacity"), "the old rows stay, dimmed");
            assertFalse(driver.findElements(By.cssSelector("[data-testid='user-row']")).isEmpty());
            WebElement export = tid("export-users");
            assertEquals("1", export.getCssValue("opacity"));
            Object onTop = driver.executeScript("const r = arguments[0].getBoundingClientRect();"
                    + " return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === arguments[0];", export);
            assertEquals(Boolean.TRUE, onTop, "nothing covers the Export button while loading");
            assertTrue(export.isEnabled());
            await().until(d -> generation("users") > before);
        } finally {
            driver.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                    "downloadThroughput", -1, "uploadThroughput", -1));
        }
        assertEquals("1", tid("users-table").findElement(By.xpath("..")).getCssValue("opacity"));
    }

    @Test
    void theChartCutsOneOutlierAndThePageRefreshesItself() {
        signInAs("rita");
        assertEquals("300", driver.findElement(By.tagName("body")).getDomAttribute("data-refresh-seconds"), "every 5 minutes");
        @SuppressWarnings("unchecked")
        Map<String, Object> scales = (Map<String, Object>) driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " const src = document.querySelector('script[type=module]').src.replace('main.js', 'chart.js');"
                + " import(src).then(c => { const div = document.createElement('div'); document.body.append(div);"
                + " const b = [1, 2, 3, 2, 3, 100].map((a, i) => ({ start: '2026-11-0' + (i + 1) + 'T00:00:00Z', logins: 1, activeUsers: 1, actions: a }));"
                + " const drawn = c.drawChart(div, b, 'day'); const clipped = div.querySelectorAll('[data-clipped=true]').length;"
                + " const full = c.drawChart(div, b, 'day', true); div.remove();"
                + " done({ capped: c.scaleFor([1, 2, 3, 2, 3, 100]), full: c.scaleFor([1, 2, 3, 2, 3, 100], true),"
                + " even: c.scaleFor([5, 6, 7, 8, 9]), drawnTop: drawn.top, clipped, drawnClipped: drawn.clipped, fullTop: full.top }); })"
                + ".catch(e => done({ error: String(e) }));");
        assertEquals(Map.of("top", 10L, "capped", true), scales.get("capped"), scales.toString());
        assertEquals(Map.of("top", 100L, "capped", false), scales.get("full"));
        assertEquals(Map.of("top", 10L, "capped", false), scales.get("even"));
        assertEquals(10L, scales.get("drawnTop"));
        assertEquals(1L, scales.get("clipped"));
        assertEquals(1L, scales.get("drawnClipped"));
        assertEquals(100L, scales.get("fullTop"));

        // Refreshing by itself: the interval comes from localStorage when set (here 3 s), else 300 s.
        driver.executeScript("localStorage.setItem('org-analytics.refresh-seconds', '3')");
        try {
            driver.navigate().refresh();
            await().until(d -> "ready".equals(bodyState()) && "3".equals(driver.findElement(By.tagName("body")).getDomAttribute("data-refresh-seconds")));
            await().until(d -> generation("summary") > 0);
            int before = generation("summary");
            // Loaded again without a click.
            await().until(d -> generation("summary") > before
                    && driver.findElement(By.tagName("body")).getDomAttribute("data-auto-refreshes") != null);
        } finally {
            driver.executeScript("localStorage.removeItem('org-analytics.refresh-seconds')");
        }
    }
}
