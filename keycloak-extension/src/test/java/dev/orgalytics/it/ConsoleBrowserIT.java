package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Org Analytics page in a real headless Chromium against the real Keycloak: admins sign in
 * through Keycloak's login form, and everything the page shows is compared with what the admin API
 * answers for the same question. Activity is seeded through real logins and the action endpoint.
 */
class ConsoleBrowserIT extends ConsoleBrowserBase {

    private static final List<String> ACTIONS = List.of("profile_viewed", "resume_downloaded", "profile_viewed",
            "interview_scheduled", "job_posted", "profile_viewed", "resume_downloaded");

    /** A seeded member of the organization: group, realm role, logins today and actions over the last days. */
    private record Person(String username, String first, String last, String group, String role, int logins, int actions) {
    }

    private static final List<Person> STAFF = List.of(
            new Person("ann", "Ann", "Archer", "/Recruiters/EMEA", "recruiter", 3, 14),
            new Person("ben", "Ben", "Okafor", "/Hiring Managers", "hiring-manager", 2, 6),
            new Person("cat", "Cat", "Nguyen", "/Recruiters/EMEA", "recruiter", 2, 11),
            new Person("dan", "Dan", "Weber", "/Recruiters/Americas", "recruiter", 1, 8),
            new Person("eve", "Eve", "Santos", "/Recruiters/Americas", "recruiter", 1, 5),
            new Person("fay", "Fay", "Lindqvist", "/Hiring Managers", "hiring-manager", 1, 3),
            new Person("gus", "Gus", "Moreau", "/Recruiters/EMEA", "recruiter", 1, 0),
            new Person("hal", "Hal", "Brennan", "/Hiring Managers", null, 0, 0),
            new Person("ivy", "Ivy", "Chen", "/Recruiters/Americas", "recruiter", 0, 0),
            new Person("jon", "Jon", "Iversen", null, null, 0, 0),
            new Person("kim", "Kim", "Park", "/Recruiters/EMEA", null, 0, 0),
            new Person("lou", "Lou", "Fischer", "/Hiring Managers", null, 0, 0));

    private static final String DISPLAY_NAME = "Northwind Talent";
    private static Fixtures.Realm realm;
    private static String api;
    private static String ritaId;

    @BeforeAll
    static void seed() {
        realm = Fixtures.realm("console");
        api = "/admin/realms/" + realm.name() + "/org-analytics";
        AdminClient admin = realm.admin();
        // Short tokens, so the page has to refresh them while a test runs.
        admin.updateRealm(realm.name(), Map.of("displayName", DISPLAY_NAME, "accessTokenLifespan", 20));
        String groups = "/admin/realms/" + realm.name() + "/groups";
        String recruiters = admin.postJson(groups, Map.of("name", "Recruiters")).ok("group").createdId();
        admin.postJson(groups + "/" + recruiters + "/children", Map.of("name", "EMEA")).ok("subgroup");
        admin.postJson(groups + "/" + recruiters + "/children", Map.of("name", "Americas")).ok("subgroup");
        admin.postJson(groups, Map.of("name", "Hiring Managers")).ok("group");
        for (String role : List.of("recruiter", "hiring-manager")) {
            admin.postJson("/admin/realms/" + realm.name() + "/roles", Map.of("name", role)).ok("role " + role);
        }

        Map<String, String> groupIds = new HashMap<>();
        int expectedLogins = 0;
        for (Person p : STAFF) {
            String id = user(p.username(), p.first(), p.last());
            if (p.group() != null) {
                String groupId = groupIds.computeIfAbsent(p.group(), path -> admin.getJson("/admin/realms/" + realm.name()
                        + "/group-by-path" + path.replace(" ", "%20")).ok(path).json().path("id").asText());
                admin.putJson("/admin/realms/" + realm.name() + "/users/" + id + "/groups/" + groupId, null).ok("join");
            }
            if (p.role() != null) {
                admin.assignRealmRole(realm.name(), id, p.role());
            }
            String token = null;
            for (int i = 0; i < p.logins(); i++) {
                token = realm.token(p.username());
                expectedLogins++;
            }
            if (p.actions() > 0) {
                post(token, actionsOf(p));
            }
        }
        Tokens.assertInvalidGrant(Tokens.passwordGrantResponse(realm.name(), "web", null, "ben", "wrong"));
        ritaId = user("rita", "Rita", "Reyes");
        Fixtures.grantRealmManagementRole(realm, ritaId, "view-org-analytics");
        user("nora", "Nora", "Quinn");
        long logins = expectedLogins + 1;
        Fixtures.await("seeded logins stored", () -> Fixtures.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ?"
                + " AND EVENT_TYPE IN ('LOGIN', 'LOGIN_ERROR')", realm.id()) == logins);
    }

    private static String user(String username, String first, String last) {
        return realm.person(username, first, last, "northwind.example");
    }

    /** The person's actions spread over the last five days, the newest about now. */
    private static List<Map<String, Object>> actionsOf(Person p) {
        Instant now = Instant.now();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < p.actions(); i++) {
            // Spread over five days, and a few minutes apart between people, like real work.
            Instant at = now.minus(Duration.ofHours((long) i * 9 % 120)).minus(Duration.ofMinutes(p.last().length() * 7L + i));
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("action", ACTIONS.get((i + p.username().length()) % ACTIONS.size()));
            a.put("occurredAt", at.toString());
            a.put("target", Map.of("type", "candidate", "id", "c" + (i % 5), "name", "Candidate " + (i % 5)));
            out.add(a);
        }
        return out;
    }

    private static void post(String token, List<Map<String, Object>> actions) {
        Http.Response r = Http.send("POST", realm.actionsUrl(), token, Map.of("actions", actions));
        assertEquals(202, r.status(), r.body());
    }

    /** Rita, who holds view-org-analytics, signs in (and the page reloads once her login is stored). */
    private void signInAsRealmAdmin() {
        signInAndReload(realm, "rita", ritaId);
    }

    private static JsonNode api(String report, Map<String, String> params) {
        return realm.admin().getJson(api + report + "?" + query(params)).ok(report).json();
    }

    // ------------------------------------------------------------------ tests

    @Test
    void summaryCardsAndUsageChartMatchTheApi() {
        signInAsRealmAdmin();
        assertEquals(DISPLAY_NAME, tid("org-name").getText());
        assertTrue(tid("signed-in-as").getText().contains("rita"), tid("signed-in-as").getText());
        assertEquals("30d", new Select(tid("range-preset")).getFirstSelectedOption().getDomAttribute("value"));

        JsonNode summary = api("/summary", range());
        assertTrue(summary.path("logins").asLong() >= 12 && summary.path("actions").asLong() == 47, summary.toString());
        for (String card : CARDS) {
            WebElement value = tid("card-" + card).findElement(By.className("card-value"));
            assertEquals(summary.path(card).asText(), value.getDomAttribute("data-value"), card);
            assertEquals(summary.path(card).asLong(), Long.parseLong(value.getText().replaceAll("[^0-9]", "")), card);
        }

        List<Integer> sizes = new ArrayList<>();
        for (String interval : List.of("day", "week", "month")) {
            if (!interval.equals("day")) {
                awaitPanels(() -> tid("interval-" + interval).click(), "usage");
            }
            assertEquals("true", tid("interval-" + interval).getDomAttribute("aria-pressed"));
            JsonNode buckets = api("/usage", with(range(), "interval", interval)).path("buckets");
            List<WebElement> drawn = driver.findElements(By.cssSelector("[data-testid='chart-bucket']"));
            assertEquals(buckets.size(), drawn.size(), interval);
            for (int i = 0; i < drawn.size(); i++) {
                JsonNode b = buckets.get(i);
                WebElement g = drawn.get(i);
                assertEquals(b.path("start").asText(), g.getDomAttribute("data-start"), interval);
                assertEquals(b.path("logins").asText(), g.getDomAttribute("data-logins"), interval + " " + b);
                assertEquals(b.path("activeUsers").asText(), g.getDomAttribute("data-active-users"), interval + " " + b);
                assertEquals(b.path("actions").asText(), g.getDomAttribute("data-actions"), interval + " " + b);
            }
            sizes.add(drawn.size());
        }
        assertEquals(30, sizes.get(0), "30 daily buckets in the default range");
        assertTrue(sizes.get(1) < sizes.get(0) && sizes.get(2) < sizes.get(1), "fewer buckets per switch: " + sizes);

        // Another zone: the page asks the API in that zone, so the numbers still agree.
        awaitPanels(() -> new Select(tid("tz-select")).selectByValue("Europe/Berlin"));
        assertEquals("Europe/Berlin", range().get("tz"));
        JsonNode berlin = api("/summary", range());
        for (String card : CARDS) {
            assertEquals(berlin.path(card).asText(), tid("card-" + card).findElement(By.className("card-value")).getDomAttribute("data-value"), card);
        }
        String firstBucket = driver.findElement(By.cssSelector("[data-testid='chart-bucket']")).getDomAttribute("data-start");
        assertTrue(firstBucket.endsWith("+01:00") || firstBucket.endsWith("+02:00"), firstBucket);

        // A week with daily buckets for the product picture.
        awaitPanels(() -> new Select(tid("range-preset")).selectByValue("7d"));
        awaitPanels(() -> tid("interval-day").click(), "usage");
        assertEquals(7, driver.findElements(By.cssSelector("[data-testid='chart-bucket']")).size());
        fullPageScreenshot("console-1280", 1280);
    }

    @Test
    void usersTableSearchesFiltersSortsAndPagesLikeTheApi() {
        signInAsRealmAdmin();
        assertEquals("lastName", tid("users-table").getDomAttribute("data-sort"));
        assertUsersAsApi(Map.of("sort", "lastName", "order", "asc", "first", "0", "max", "25"));
        List<WebElement> rows = userRows();
        assertEquals(14, rows.size(), "twelve staff, rita and nora");
        // Never logged in during the range: marked.
        for (WebElement row : rows) {
            boolean none = "0".equals(row.getDomAttribute("data-logins"));
            assertEquals(none, row.getDomAttribute("class") != null && row.getDomAttribute("class").contains("no-login"),
                    row.getDomAttribute("data-username"));
        }
        assertTrue(rows.stream().anyMatch(r -> r.getDomAttribute("data-username").equals("hal") && r.getDomAttribute("class").contains("no-login")));
        // One colour per group, the same in every row.
        Map<String, String> colours = new HashMap<>();
        for (WebElement chip : driver.findElements(By.cssSelector("[data-testid='users-table'] .chip[data-group]"))) {
            String previous = colours.putIfAbsent(chip.getDomAttribute("data-group"), chip.getDomAttribute("class"));
            assertTrue(previous == null || previous.equals(chip.getDomAttribute("class")), chip.getDomAttribute("data-group"));
        }
        assertEquals(3, colours.size(), "users are in the three leaf groups: " + colours);

        // Search by name, then by email.
        WebElement search = tid("users-search");
        awaitPanels(() -> search.sendKeys("ann"), "users");
        assertUsersAsApi(Map.of("search", "ann", "sort", "lastName", "order", "asc", "first", "0", "max", "25"));
        assertEquals(List.of("ann"), usernames(userRows()));
        awaitPanels(() -> search.sendKeys(Keys.chord(Keys.CONTROL, "a"), "kim@northwind"), "users");
        assertEquals(List.of("kim"), usernames(userRows()));
        awaitPanels(() -> search.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE), "users");

        // A group includes its subgroups.
        Select group = new Select(tid("users-group"));
        assertTrue(group.getOptions().stream().anyMatch(o -> "/Recruiters/EMEA".equals(o.getDomAttribute("value"))));
        awaitPanels(() -> group.selectByValue("/Recruiters"), "users");
        assertUsersAsApi(Map.of("group", "/Recruiters", "sort", "lastName", "order", "asc", "first", "0", "max", "25"));
        assertEquals(7, userRows().size());

        // Sorting: most logins first, then fewest.
        WebElement loginsHeader = driver.findElement(By.cssSelector("[data-testid='users-table'] th[data-sort='logins'] button"));
        awaitPanels(loginsHeader::click, "users");
        assertEquals("descending", driver.findElement(By.cssSelector("[data-testid='users-table'] th[data-sort='logins']")).getDomAttribute("aria-sort"));
        assertUsersAsApi(Map.of("group", "/Recruiters", "sort", "logins", "order", "desc", "first", "0", "max", "25"));
        assertEquals("ann", usernames(userRows()).get(0));
        driver.executeScript("arguments[0].scrollIntoView()", tid("users"));
        screenshot("console-1280-users");
        awaitPanels(loginsHeader::click, "users");
        assertUsersAsApi(Map.of("group", "/Recruiters", "sort", "logins", "order", "asc", "first", "0", "max", "25"));
        // Sorting by keyboard works too.
        WebElement emailHeader = driver.findElement(By.cssSelector("[data-testid='users-table'] th[data-sort='email'] button"));
        awaitPanels(() -> emailHeader.sendKeys(Keys.ENTER), "users");
        assertUsersAsApi(Map.of("group", "/Recruiters", "sort", "email", "order", "asc", "first", "0", "max", "25"));

        // Paging through everyone, ten at a time.
        awaitPanels(() -> group.selectByValue(""), "users");
        awaitPanels(() -> new Select(tid("users-page-size")).selectByValue("10"), "users");
        assertUsersAsApi(Map.of("sort", "email", "order", "asc", "first", "0", "max", "10"));
        assertEquals("1–10 of 14", tid("users-page-label").getText());
        assertFalse(tid("users-prev").isEnabled());
        awaitPanels(() -> tid("users-next").click(), "users");
        assertUsersAsApi(Map.of("sort", "email", "order", "asc", "first", "10", "max", "10"));
        assertEquals("11–14 of 14", tid("users-page-label").getText());
        assertFalse(tid("users-next").isEnabled());
    }

    private List<WebElement> userRows() {
        return driver.findElements(By.cssSelector("[data-testid='users-table'] tbody tr[data-testid='user-row']"));
    }

    private static List<String> usernames(List<WebElement> rows) {
        return rows.stream().map(r -> r.getDomAttribute("data-username")).toList();
    }

    /** The table shows exactly the API's rows for these parameters (and the page's range), cell by cell. */
    private void assertUsersAsApi(Map<String, String> params) {
        JsonNode expected = api("/users", with(range(), params.entrySet().stream()
                .flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toArray(String[]::new))).path("users");
        List<WebElement> rows = userRows();
        List<String> apiNames = new ArrayList<>();
        expected.forEach(u -> apiNames.add(u.path("username").asText()));
        assertEquals(apiNames, usernames(rows), params.toString());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode u = expected.get(i);
            WebElement row = rows.get(i);
            assertEquals(u.path("firstName").asText(), cell(row, "firstName").replaceAll("\\s*\\(no login in range\\)$", ""));
            assertEquals(u.path("lastName").asText(), cell(row, "lastName"));
            assertEquals(u.path("email").asText(), cell(row, "email"));
            assertEquals(u.path("logins").asText(), cell(row, "logins"));
            assertEquals(u.path("actions").asText(), cell(row, "actions"));
            List<String> groups = new ArrayList<>();
            u.path("groups").forEach(g -> groups.add(g.asText()));
            List<String> chips = row.findElements(By.cssSelector("td[data-col='groups'] .chip"))
                    .stream().map(c -> c.getDomAttribute("data-group")).toList();
            assertEquals(groups, chips);
            List<String> roles = new ArrayList<>();
            u.path("roles").forEach(r -> roles.add(r.asText()));
            assertEquals(roles, row.findElements(By.cssSelector("td[data-col='roles'] .chip")).stream().map(WebElement::getText).toList());
        }
    }

    private static String cell(WebElement row, String column) {
        return row.findElement(By.cssSelector("td[data-col='" + column + "']")).getText();
    }

    @Test
    void leaderboardAndActionsMatchTheApi() {
        signInAsRealmAdmin();
        Select period = new Select(tid("leaderboard-period"));
        Select metric = new Select(tid("leaderboard-metric"));
        for (String[] choice : List.of(new String[] {"this_month", "logins"}, new String[] {"this_week", "actions"},
                new String[] {"last_month", "actions"}, new String[] {"this_month", "profile_viewed"})) {
            if (!choice[0].equals(period.getFirstSelectedOption().getDomAttribute("value"))) {
                awaitPanels(() -> period.selectByValue(choice[0]), "leaderboard");
            }
            if (!choice[1].equals(metric.getFirstSelectedOption().getDomAttribute("value"))) {
                awaitPanels(() -> metric.selectByValue(choice[1]), "leaderboard");
            }
            JsonNode entries = api("/leaderboard", Map.of("period", choice[0], "metric", choice[1], "tz", range().get("tz"), "limit", "10"))
                    .path("entries");
            List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid='leader-row']"));
            assertEquals(entries.size(), rows.size(), String.join("/", choice));
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(entries.get(i).path("username").asText(), rows.get(i).getDomAttribute("data-username"));
                assertEquals(entries.get(i).path("rank").asText(), rows.get(i).getDomAttribute("data-rank"));
                assertEquals(entries.get(i).path("score").asText(), rows.get(i).getDomAttribute("data-score"));
            }
            if (choice[1].equals("logins")) {
                assertTrue(rows.stream().anyMatch(r -> r.getDomAttribute("data-username").equals("ann")
                        && r.getDomAttribute("data-score").equals("3")), "ann logged in three times today");
            }
        }

        // Actions: newest first, paged; then filtered by action and by user.
        JsonNode all = api("/actions", with(range(), "first", "0", "max", "10"));
        assertEquals(47, all.path("total").asLong());
        assertActionsAsApi(all);
        assertEquals("1–10 of 47", tid("actions-page-label").getText());
        new Select(tid("actions-action")).selectByValue("interview_scheduled");
        awaitPanels(() -> tid("actions-apply").click(), "actions");
        assertActionsAsApi(api("/actions", with(range(), "action", "interview_scheduled", "first", "0", "max", "10")));
        tid("actions-user").sendKeys("cat");
        awaitPanels(() -> tid("actions-apply").click(), "actions");
        JsonNode catInterviews = api("/actions", with(range(), "action", "interview_scheduled", "user", "cat", "first", "0", "max", "10"));
        assertTrue(catInterviews.path("total").asLong() > 0);
        assertActionsAsApi(catInterviews);
        // An unknown user: the API's 400 message, in the panel, and the other panels untouched.
        tid("actions-user").sendKeys("x");
        int before = generation("actions");
        tid("actions-apply").click();
        await().until(d -> generation("actions") > before);
        assertEquals("error", tid("actions").getDomAttribute("data-status"));
        assertTrue(tid("actions-error").getText().contains("No user 'catx'"), tid("actions-error").getText());
        assertEquals("ready", tid("summary").getDomAttribute("data-status"));
    }

    private void assertActionsAsApi(JsonNode expected) {
        List<WebElement> rows = driver.findElements(By.cssSelector("[data-testid='action-row']"));
        assertEquals(expected.path("actions").size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode a = expected.path("actions").get(i);
            assertEquals(a.path("id").asText(), rows.get(i).getDomAttribute("data-id"));
            assertEquals(a.path("action").asText(), rows.get(i).getDomAttribute("data-action"));
            assertEquals(a.path("username").asText(), rows.get(i).getDomAttribute("data-username"));
        }
    }

    /**
     * The catalog panel shows the realm's catalog and the names it refused, as the API answers them,
     * and the action menus offer the catalogued names first, in the catalog's order.
     */
    @Test
    void catalogPanelShowsTheCatalogAndTheRefusedNames() {
        List<String> planned = List.of("job_posted", "interview_scheduled", "resume_downloaded", "profile_viewed");
        List<Map<String, Object>> entries = new ArrayList<>();
        planned.forEach(n -> entries.add(Map.of("name", n, "description", "What " + n + " means")));
        realm.admin().putJson(api + "/catalog", Map.of("mode", "strict", "actions", entries)).ok("strict catalog");
        try {
            // From a recorder backend: a service account's token is no login and no user of the reports.
            Http.Response refused = Http.send("POST", realm.actionsUrl(), Fixtures.recorderToken(realm, "catalog-backend"),
                    Map.of("actions", List.of(Map.of("action", "made_up_name", "userId", ritaId))));
            assertEquals(400, refused.status(), refused.body());
            signInAsRealmAdmin();
            assertTrue(tid("catalog-mode").getText().startsWith("Strict"), tid("catalog-mode").getText());
            assertEquals(planned, driver.findElements(By.cssSelector("[data-testid='catalog-row']")).stream()
                    .map(r -> r.getDomAttribute("data-action")).toList());
            List<WebElement> refusedRows = driver.findElements(By.cssSelector("[data-testid='refused-row']"));
            assertEquals(1, refusedRows.size());
            assertEquals("made_up_name", refusedRows.get(0).getDomAttribute("data-action"));
            assertEquals("1", refusedRows.get(0).getDomAttribute("data-count"));
            List<String> menu = new Select(tid("actions-action")).getOptions().stream()
                    .map(o -> o.getDomAttribute("value")).toList();
            assertEquals(planned, menu.subList(1, 1 + planned.size()), "catalogued first, in the catalog's order: " + menu);
        } finally {
            realm.admin().putJson(api + "/catalog", Map.of("mode", "open", "actions", List.of())).ok("back to open");
        }
    }

    @Test
    void csvExportsAreTheApisFiles() throws Exception {
        signInAsRealmAdmin();
        awaitPanels(() -> new Select(tid("users-group")).selectByValue("/Recruiters/EMEA"), "users");
        assertDownloadIsApiCsv("export-users", api + "/users", with(range(), "group", "/Recruiters/EMEA", "sort", "lastName", "order", "asc"), 4);
        awaitPanels(() -> tid("interval-week").click(), "usage");
        assertDownloadIsApiCsv("export-usage", api + "/usage", with(range(), "interval", "week"), -1);
        assertDownloadIsApiCsv("export-leaderboard", api + "/leaderboard",
                Map.of("period", "this_month", "metric", "actions", "tz", range().get("tz"), "limit", "10"), -1);
        new Select(tid("actions-action")).selectByValue("job_posted");
        awaitPanels(() -> tid("actions-apply").click(), "actions");
        long jobs = api("/actions", with(range(), "action", "job_posted")).path("total").asLong();
        assertDownloadIsApiCsv("export-actions", api + "/actions", with(range(), "action", "job_posted"), (int) jobs);
    }

    @Test
    void narrowScreenKeepsEverythingReachable() {
        driver.manage().window().setSize(new Dimension(390, 844));
        signInAsRealmAdmin();
        long overflow = (Long) driver.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertTrue(overflow <= 0, "the page itself does not scroll sideways: " + overflow + " px");
        for (String card : CARDS) {
            assertTrue(tid("card-" + card).isDisplayed(), card);
        }
        assertTrue(tid("export-users").isDisplayed());
        // Tables scroll inside their frame rather than widening the page.
        WebElement wrap = tid("users-table").findElement(By.xpath(".."));
        assertEquals("auto", wrap.getCssValue("overflow-x"));
        fullPageScreenshot("console-390", 390);
    }

    @Test
    void aUserWithoutTheRoleIsToldWhatIsMissing() {
        signIn(realm.name(), "nora", Fixtures.PASSWORD);
        await().until(d -> "forbidden".equals(bodyState()));
        // One screen saying it once, not the same error in every panel.
        String text = tid("no-access-text").getText();
        assertTrue(text.startsWith("nora may not read Org Analytics in realm " + realm.name()) && text.contains("view-org-analytics")
                && text.contains("view-users") && text.contains("view-events"), text);
        assertTrue(tid("no-access").isDisplayed());
        assertFalse(tid("main").isDisplayed());
        assertFalse(tid("banner").isDisplayed());
        assertEquals("denied", tid("summary").getDomAttribute("data-status"));
        String noraToken = Tokens.password(realm.name(), "web", null, "nora", Fixtures.PASSWORD);
        assertEquals(403, Http.send("GET", KeycloakServer.get().baseUrl() + api + "/summary", noraToken, null).status(),
                "the page and the API agree");
        screenshot("console-forbidden");
    }

    /** Matches the picker shows at once ({@code PAGE} in realms.js). */
    private static final int PICKER_PAGE = 20;

    @Test
    void aMasterAdminPicksTheRealm() {
        // More realms than the picker shows, as in a deployment with one realm per organization.
        AdminClient admin = realm.admin();
        int existing = admin.getJson("/admin/realms?briefRepresentation=true").ok("realms").json().size();
        for (int i = existing; i <= PICKER_PAGE + 1; i++) {
            admin.createRealm("picker-" + i);
        }
        signIn("master", KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD);
        // Nothing picked before in this browser: the page asks instead of opening whichever realm comes first.
        assertEquals("choose-realm", bodyState(), () -> tid("banner").getText());
        assertTrue(tid("choose-realm").isDisplayed());
        assertFalse(tid("main").isDisplayed());
        assertTrue(tid("realm-picker-field").isDisplayed());
        Select picker = new Select(tid("realm-picker"));
        assertEquals("Choose a realm…", picker.getFirstSelectedOption().getText());
        assertTrue(picker.getOptions().size() <= PICKER_PAGE + 1, "one page of realms and the one on display: "
                + picker.getOptions().size());
        assertEquals("First " + PICKER_PAGE + " matches: type more of the name.", tid("realm-picker-note").getText());

        // Search, then pick from the matches: master.
        searchRealm("mast");
        awaitPanels(() -> picker.selectByValue("master"));
        String masterName = admin.getJson("/admin/realms/master").ok("master").json().path("displayName").asText("master");
        assertEquals(masterName, tid("org-name").getText());
        // The whole name and Enter: the organization.
        awaitPanels(() -> {
            tid("realm-search").clear();
            tid("realm-search").sendKeys(realm.name(), Keys.ENTER);
        });
        assertEquals(DISPLAY_NAME, tid("org-name").getText());
        assertEquals(DISPLAY_NAME + " (" + realm.name() + ")", picker.getFirstSelectedOption().getText());
        assertEquals(realm.name(), driver.findElement(By.tagName("body")).getDomAttribute("data-realm"));
        searchRealm("no-such-realm-anywhere");
        assertEquals("No realm matches.", tid("realm-picker-note").getText());
        assertEquals(realm.name(), picker.getFirstSelectedOption().getDomAttribute("value"), "the realm on display stays");

        // Nothing asked Keycloak for every realm: only pages of search results.
        @SuppressWarnings("unchecked")
        List<String> requests = (List<String>) driver.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.name)");
        List<String> listings = requests.stream().filter(u -> u.matches(".*/admin/realms/?(\\?.*)?$")).toList();
        assertEquals(List.of(), listings, "GET /admin/realms lists every realm");
        List<String> searches = requests.stream().filter(u -> u.contains("/ui-ext/realms/names")).toList();
        assertTrue(searches.size() >= 3, requests.toString());
        assertTrue(searches.stream().allMatch(u -> u.contains("max=" + (PICKER_PAGE + 1))), searches.toString());

        JsonNode summary = api("/summary", range());
        for (String card : CARDS) {
            assertEquals(summary.path(card).asText(), tid("card-" + card).findElement(By.className("card-value")).getDomAttribute("data-value"), card);
        }
        assertEquals(14, summary.path("totalUsers").asLong());
        // The master admin may list groups: the filter offers Keycloak's whole tree (loaded beside the reports).
        await().withMessage(() -> "group filter options: " + new Select(tid("users-group")).getOptions().stream()
                        .map(o -> o.getDomAttribute("value")).toList() + "; Keycloak's groups: " + realm.admin()
                        .getJson("/admin/realms/" + realm.name() + "/groups?search=&briefRepresentation=true&max=1000").body())
                .until(d -> new Select(tid("users-group")).getOptions().size() == 5);
        List<String> groups = new Select(tid("users-group")).getOptions().stream().map(o -> o.getDomAttribute("value")).toList();
        assertEquals(List.of("", "/Hiring Managers", "/Recruiters", "/Recruiters/Americas", "/Recruiters/EMEA"), groups);
        screenshot("console-1280-master");

        // The next visit opens on the realm picked last.
        driver.navigate().refresh();
        await().until(d -> "ready".equals(bodyState()));
        assertEquals(realm.name(), driver.findElement(By.tagName("body")).getDomAttribute("data-realm"));
        assertEquals(DISPLAY_NAME, tid("org-name").getText());
        for (String p : PANELS) {
            await().until(d -> "ready".equals(tid(p).getDomAttribute("data-status")));
        }
    }

    /** Types into the realm search and waits for its answer (the picker asks 250 ms after the last key). */
    private void searchRealm(String text) {
        WebElement search = tid("realm-search");
        search.clear();
        search.sendKeys(text);
        await().until(d -> new Select(tid("realm-picker")).getOptions().stream().skip(1)
                .allMatch(o -> o.getDomAttribute("value").contains(text))
                && (text.contains("no-such") ? "0".equals(tid("realm-picker").getDomAttribute("data-matches"))
                : !"0".equals(tid("realm-picker").getDomAttribute("data-matches"))));
    }

    @Test
    void tokensAreRefreshedAndAnEndedSessionSaysSo() {
        signInAsRealmAdmin();
        // 20-second tokens: the page renews them ahead of expiry, and the reports keep loading.
        new WebDriverWait(driver, Duration.ofSeconds(45)).until(d ->
                driver.findElement(By.tagName("body")).getDomAttribute("data-token-refreshes") != null);
        awaitPanels(() -> tid("refresh").click());

        // An admin ends Rita's sessions: the next load cannot refresh, and the page says so.
        realm.admin().postJson("/admin/realms/" + realm.name() + "/users/" + ritaId + "/logout", null).ok("logout");
        tid("refresh").click();
        await().until(d -> "expired".equals(bodyState()));
        assertTrue(tid("banner-text").getText().contains("session expired — sign in again"), tid("banner-text").getText());
        assertTrue(tid("sign-in-again").isDisplayed());
        screenshot("console-expired");
        tid("sign-in-again").click();
        await().until(d -> !d.findElements(By.id("username")).isEmpty());
        assertNotNull(driver.findElement(By.id("kc-login")));
    }
}
