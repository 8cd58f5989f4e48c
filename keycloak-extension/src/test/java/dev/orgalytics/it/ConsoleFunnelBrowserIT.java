package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The page's Funnel panel in a real Chromium against the real Keycloak: its steps, bars and
 * conversions equal {@code insights/funnel} and the exact values below, the step editor (add, move,
 * remove, window), the page's range, the users stopped at a step with their drill-down and a CSV
 * download equal to the API's, and the quiet note for the totals role.
 *
 * <p>Actions posted by a recorder, T two hours ago:
 * <pre>
 * fay   job_posted T, profile_viewed T+10m, interview_scheduled T+20m, offer_sent T+30m
 * finn  job_posted T, profile_viewed T+10m, interview_scheduled T+20m
 * flo   job_posted T, profile_viewed T+10m
 * fred  job_posted 3 days ago, profile_viewed T+40m   (outside a 2-day window)
 * fern  job_posted T
 * fitz  profile_viewed T-10m, job_posted T            (viewed only before posting)
 * gus   interview_scheduled T                         (never started)
 * rita view-org-analytics, tom view-org-analytics-totals
 * </pre>
 * job_posted → profile_viewed → interview_scheduled within 14 days: 6, 4, 2 (stopped at
 * profile_viewed: flo, fred); within 2 days: 6, 3, 2 (stopped at job_posted: fred, fern, fitz).
 */
class ConsoleFunnelBrowserIT extends ConsoleBrowserBase {

    private static final String USUAL = "job_posted,profile_viewed,interview_scheduled";

    private static Fixtures.Realm realm;
    private static String api;
    private static final Map<String, String> ids = new LinkedHashMap<>();

    @BeforeAll
    static void seed() {
        realm = Fixtures.realm("funnelpage");
        api = "/admin/realms/" + realm.name() + "/org-analytics";
        String[][] people = {{"fay", "Fay", "Adams"}, {"finn", "Finn", "Baker"}, {"flo", "Flo", "Cole"}, {"fred", "Fred", "Dunn"},
            {"fern", "Fern", "Ellis"}, {"fitz", "Fitz", "Ford"}, {"gus", "Gus", "Green"}};
        for (String[] p : people) {
            ids.put(p[0], realm.person(p[0], p[1], p[2], "funnel.example"));
        }
        Instant now = Instant.now();
        Instant t = now.minus(Duration.ofHours(2));
        Duration m = Duration.ofMinutes(1);
        List<Map<String, Object>> actions = new ArrayList<>();
        for (String u : List.of("fay", "finn", "flo", "fern", "fitz")) {
            add(actions, u, "job_posted", t);
        }
        for (String u : List.of("fay", "finn", "flo")) {
            add(actions, u, "profile_viewed", t.plus(m.multipliedBy(10)));
        }
        for (String u : List.of("fay", "finn")) {
            add(actions, u, "interview_scheduled", t.plus(m.multipliedBy(20)));
        }
        add(actions, "fay", "offer_sent", t.plus(m.multipliedBy(30)));
        add(actions, "fred", "job_posted", now.minus(Duration.ofDays(3)));
        add(actions, "fred", "profile_viewed", t.plus(m.multipliedBy(40)));
        add(actions, "fitz", "profile_viewed", t.minus(m.multipliedBy(10)));
        add(actions, "gus", "interview_scheduled", t);
        Http.Response r = Http.send("POST", realm.actionsUrl(), Fixtures.recorderToken(realm, "backend"), Map.of("actions", actions));
        assertEquals(202, r.status(), r.body());

        for (String[] a : List.of(new String[] {"rita", "view-org-analytics"}, new String[] {"tom", "view-org-analytics-totals"})) {
            ids.put(a[0], realm.person(a[0], a[0].toUpperCase().charAt(0) + a[0].substring(1), "Admin", "funnel.example"));
            Fixtures.grantRealmManagementRole(realm, ids.get(a[0]), a[1]);
        }
    }

    private static void add(List<Map<String, Object>> actions, String user, String action, Instant at) {
        actions.add(Map.of("action", action, "occurredAt", at.toString(), "userId", ids.get(user)));
    }

    private static JsonNode api(String report, Map<String, String> params) {
        return realm.admin().getJson(api + report + "?" + query(params)).ok(report).json();
    }

    private void signInAs(String username) {
        signInAndReload(realm, username, ids.get(username));
    }

    private List<String> stepSelects() {
        return driver.findElements(By.cssSelector("[data-testid='funnel-step-select']")).stream()
                .map(s -> new Select(s).getFirstSelectedOption().getDomAttribute("value")).toList();
    }

    private List<WebElement> stepButtons(String testId) {
        return driver.findElements(By.cssSelector("[data-testid='funnel-steps'] [data-testid='" + testId + "']"));
    }

    private Map<String, String> funnelParams(String steps, String windowDays) {
        return with(range(), "steps", steps, "windowDays", windowDays);
    }

    /**
     * The panel's steps equal the API's answer to the same question and the expected users; its
     * conversions equal the API's (from step 1) and users over the previous step's; "stopped here"
     * is each step's users less the next's. Returns the API's steps.
     */
    private JsonNode assertSteps(String steps, String windowDays, List<Long> expectedUsers) {
        assertEquals(List.of(steps.split(",")), stepSelects(), "the editor shows the steps asked for");
        JsonNode answer = api("/insights/funnel", funnelParams(steps, windowDays));
        assertEquals(Integer.parseInt(windowDays), answer.path("windowDays").asInt());
        JsonNode fromApi = answer.path("steps");
        List<WebElement> shown = driver.findElements(By.cssSelector("[data-testid='funnel-step']"));
        assertEquals(expectedUsers.size(), shown.size());
        assertEquals(field(fromApi, "action"), shown.stream().map(s -> s.getDomAttribute("data-action")).toList());
        List<Long> users = new ArrayList<>();
        fromApi.forEach(s -> users.add(s.path("users").asLong()));
        assertEquals(expectedUsers, users, "the API's users per step");
        assertEquals(field(fromApi, "users"), shown.stream().map(s -> s.getDomAttribute("data-users")).toList(), "the panel's users per step");
        long started = expectedUsers.get(0);
        for (int i = 0; i < shown.size(); i++) {
            WebElement step = shown.get(i);
            double conversion = started == 0 ? 0 : (double) expectedUsers.get(i) / started;
            assertEquals(conversion, fromApi.get(i).path("conversion").asDouble(), 1e-12, "API conversion of step " + (i + 1));
            assertEquals(conversion, Double.parseDouble(step.getDomAttribute("data-conversion")), 1e-12, "conversion of step " + (i + 1));
            long previous = i == 0 ? started : expectedUsers.get(i - 1);
            double fromPrevious = i == 0 ? 1 : previous == 0 ? 0 : (double) expectedUsers.get(i) / previous;
            assertEquals(fromPrevious, Double.parseDouble(step.getDomAttribute("data-from-previous")), 1e-12, "from previous, step " + (i + 1));
            assertEquals(expectedUsers.get(i) + " users", step.findElement(By.cssSelector("[data-testid='funnel-users']")).getText());
            if (i > 0) {
                assertEquals(Math.round(conversion * 100) + "% of step 1", step.findElement(By.cssSelector("[data-testid='funnel-conversion']")).getText());
            }
            // Step 2's share of the step before is its share of step 1, said once.
            List<WebElement> fromPreviousText = step.findElements(By.cssSelector("[data-testid='funnel-from-previous']"));
            if (i > 1) {
                assertEquals("· " + Math.round(fromPrevious * 100) + "% of step " + i, fromPreviousText.get(0).getText());
            } else {
                assertEquals(List.of(), fromPreviousText, "step " + (i + 1) + " repeats no share");
            }
            if (i < shown.size() - 1) {
                long stopped = expectedUsers.get(i) - expectedUsers.get(i + 1);
                assertEquals(String.valueOf(stopped), step.getDomAttribute("data-stopped"));
                assertEquals(stopped + " stopped here", step.findElement(By.cssSelector("[data-testid='funnel-stopped-open']")).getText());
            } else {
                assertTrue(step.findElements(By.cssSelector("[data-testid='funnel-stopped-open']")).isEmpty(), "nobody stops after the last step");
            }
        }
        return fromApi;
    }

    /** The stopped list on show equals the API's for the step, in its order, and the expected users. */
    private void assertStopped(String steps, String windowDays, String stoppedAt, List<String> expected) {
        JsonNode page = api("/insights/funnel", with(funnelParams(steps, windowDays), "stoppedAt", stoppedAt, "first", "0", "max", "10"));
        assertEquals(expected, field(page.path("users"), "username"), "the API's stopped users");
        assertEquals(expected.size(), page.path("total").asLong());
        assertEquals(expected, attribute("[data-testid='funnel-stopped-row']", "data-username"), "the panel's stopped users");
        assertEquals(field(page.path("users"), "userId"), attribute("[data-testid='funnel-stopped-row']", "data-user-id"));
        assertEquals("Stopped at " + stoppedAt, tid("funnel-stopped-title").getText());
        assertEquals("1–" + expected.size() + " of " + expected.size(), tid("funnel-stopped-page-label").getText());
    }

    private void setWindow(String days) {
        driver.executeScript("arguments[0].value = arguments[1]", tid("funnel-window"), days);
    }

    private void clickStep(String testId, int index) {
        awaitPanels(() -> stepButtons(testId).get(index).click(), "funnel");
    }

    // ------------------------------------------------------------------ tests

    @Test
    void theFunnelEqualsTheApiAndListsWhoStoppedWithTheirCsv() throws Exception {
        signInAs("rita");
        WebElement panel = tid("funnel");
        driver.executeScript("arguments[0].scrollIntoView()", panel);
        // The realm has the recruiting steps: they are the default, within 14 days.
        assertEquals("14", tid("funnel-window").getDomProperty("value"));
        assertSteps(USUAL, "14", List.of(6L, 4L, 2L));
        assertEquals(List.of("2", "2"), attribute("[data-testid='funnel-step'][data-stopped]:not([data-stopped=''])", "data-stopped"));
        assertEquals("67% of step 1", driver.findElements(By.cssSelector("[data-testid='funnel-conversion']")).get(1).getText());
        assertEquals("· 50% of step 2", driver.findElements(By.cssSelector("[data-testid='funnel-from-previous']")).get(0).getText());
        assertDownloadIsApiCsv("export-funnel", api + "/insights/funnel", funnelParams(USUAL, "14"), 3);

        // Who viewed profiles after posting but scheduled no interview: flo first (stopped longest), then fred.
        awaitPanels(() -> driver.findElement(By.cssSelector("[data-testid='funnel-stopped-open'][data-action='profile_viewed']")).click(),
                "funnel-stopped");
        assertTrue(tid("funnel-stopped").isDisplayed());
        assertStopped(USUAL, "14", "profile_viewed", List.of("flo", "fred"));
        assertEquals("true", driver.findElement(By.cssSelector("[data-testid='funnel-stopped-open'][data-action='profile_viewed']"))
                .getDomAttribute("aria-pressed"));
        assertDownloadIsApiCsv("export-funnel-stopped", api + "/insights/funnel",
                with(funnelParams(USUAL, "14"), "stoppedAt", "profile_viewed"), 2);
        screenshotOf(panel, "org-analytics-funnel");

        // A name opens the person's drill-down.
        WebElement flo = driver.findElement(By.cssSelector("[data-testid='funnel-stopped-table'] [data-testid='user-open'][data-user-id='"
                + ids.get("flo") + "']"));
        assertEquals("Flo Cole", flo.getText());
        int detail = generation("user-detail");
        flo.click();
        await().until(d -> generation("user-detail") > detail);
        assertEquals("ready", tid("user-detail").getDomAttribute("data-status"), () -> tid("user-detail-error").getText());
        assertEquals("Flo Cole", tid("user-detail-name").getText());
        assertEquals("2", tid("user-detail-actions").getDomAttribute("data-value"));
        tid("user-detail-close").click();
        await().until(d -> !tid("user-detail").isDisplayed());

        // Within 2 days fred's view comes too late: the open list follows the new question.
        setWindow("2");
        awaitPanels(() -> tid("funnel-apply").click(), "funnel", "funnel-stopped");
        assertSteps(USUAL, "2", List.of(6L, 3L, 2L));
        assertStopped(USUAL, "2", "profile_viewed", List.of("flo"));
        awaitPanels(() -> driver.findElement(By.cssSelector("[data-testid='funnel-stopped-open'][data-action='job_posted']")).click(),
                "funnel-stopped");
        assertStopped(USUAL, "2", "job_posted", List.of("fred", "fern", "fitz"));
        assertDownloadIsApiCsv("export-funnel-stopped", api + "/insights/funnel",
                with(funnelParams(USUAL, "2"), "stoppedAt", "job_posted"), 3);
        // A window the API refuses: its message, no numbers from another question.
        setWindow("366");
        int before = generation("funnel");
        tid("funnel-apply").click();
        await().until(d -> generation("funnel") > before);
        assertEquals("error", panel.getDomAttribute("data-status"));
        assertTrue(tid("funnel-error").getText().startsWith("The request was refused: "), tid("funnel-error").getText());
        assertTrue(driver.findElements(By.cssSelector("[data-testid='funnel-step']")).isEmpty());
        setWindow("14");
        awaitPanels(() -> tid("funnel-apply").click(), "funnel", "funnel-stopped");
        assertStopped(USUAL, "14", "job_posted", List.of("fern", "fitz"));
        tid("funnel-stopped-close").click();
        assertFalse(tid("funnel-stopped").isDisplayed());
    }

    @Test
    void stepsAreChosenAddedMovedAndRemovedWithinTheApisLimits() {
        signInAs("rita");
        driver.executeScript("arguments[0].scrollIntoView()", tid("funnel"));
        assertEquals("2 to 10 steps, each action once; window 1 to 365 days.", tid("funnel-limits").getText());
        // Each menu offers every recorded name, those of the other steps disabled.
        Select first = new Select(stepButtons("funnel-step-select").get(0));
        assertEquals(List.of("interview_scheduled", "job_posted", "offer_sent", "profile_viewed"),
                first.getOptions().stream().map(o -> o.getDomAttribute("value")).sorted().toList());
        assertEquals(List.of("interview_scheduled", "profile_viewed"),
                first.getOptions().stream().filter(o -> !o.isEnabled()).map(o -> o.getDomAttribute("value")).sorted().toList());

        // Another action for step 3, and back.
        awaitPanels(() -> new Select(stepButtons("funnel-step-select").get(2)).selectByValue("offer_sent"), "funnel");
        assertSteps("job_posted,profile_viewed,offer_sent", "14", List.of(6L, 4L, 1L));
        assertEquals("· 25% of step 2", driver.findElements(By.cssSelector("[data-testid='funnel-from-previous']")).get(0).getText());
        awaitPanels(() -> new Select(stepButtons("funnel-step-select").get(2)).selectByValue("interview_scheduled"), "funnel");
        assertSteps(USUAL, "14", List.of(6L, 4L, 2L));

        // Add: the one name left; then nothing is left to add.
        awaitPanels(() -> tid("funnel-add-step").click(), "funnel");
        String four = USUAL + ",offer_sent";
        assertSteps(four, "14", List.of(6L, 4L, 2L, 1L));
        assertFalse(tid("funnel-add-step").isEnabled(), "every recorded name is a step");
        assertEquals(List.of(false, true, true, true), stepButtons("funnel-step-up").stream().map(WebElement::isEnabled).toList());
        assertEquals(List.of(true, true, true, false), stepButtons("funnel-step-down").stream().map(WebElement::isEnabled).toList());
        assertTrue(stepButtons("funnel-step-remove").stream().allMatch(WebElement::isEnabled));
        assertEquals("17% of step 1", driver.findElements(By.cssSelector("[data-testid='funnel-conversion']")).get(3).getText());

        // Move interview_scheduled before profile_viewed: nobody viewed a profile after scheduling.
        clickStep("funnel-step-up", 2);
        assertSteps("job_posted,interview_scheduled,profile_viewed,offer_sent", "14", List.of(6L, 2L, 0L, 0L));
        assertEquals("· 0% of step 3", driver.findElements(By.cssSelector("[data-testid='funnel-from-previous']")).get(1).getText());
        // And back down.
        clickStep("funnel-step-down", 1);
        assertSteps(four, "14", List.of(6L, 4L, 2L, 1L));
        assertEquals("· 50% of step 3", driver.findElements(By.cssSelector("[data-testid='funnel-from-previous']")).get(1).getText());

        // Remove down to two steps: then no step can go, and a name can be added again.
        clickStep("funnel-step-remove", 3);
        clickStep("funnel-step-remove", 1);
        assertSteps("job_posted,interview_scheduled", "14", List.of(6L, 2L));
        assertTrue(stepButtons("funnel-step-remove").stream().noneMatch(WebElement::isEnabled), "at least two steps");
        assertTrue(tid("funnel-add-step").isEnabled());

        // The page's range: nobody started in January 2020.
        new Select(tid("range-preset")).selectByValue("custom");
        driver.executeScript("arguments[0].value = '2020-01-01'; arguments[1].value = '2020-01-31'", tid("range-from"), tid("range-to"));
        awaitPanels(() -> tid("range-apply").click());
        assertEquals("2020-01-01", range().get("from"));
        assertSteps("job_posted,interview_scheduled", "14", List.of(0L, 0L));
        assertEquals("0% of step 1", driver.findElements(By.cssSelector("[data-testid='funnel-conversion']")).get(1).getText());
    }

    @Test
    void theTotalsRoleGetsTheQuietNote() {
        signIn(realm.name(), "tom", Fixtures.PASSWORD);
        await().until(d -> generation("funnel") > 0 && !"loading".equals(tid("funnel").getDomAttribute("data-status")));
        assertEquals("ready", bodyState());
        assertEquals("denied", tid("funnel").getDomAttribute("data-status"));
        assertEquals("Not shown: this needs view-org-analytics or view-users in realm " + realm.name() + ".", tid("funnel-error").getText());
        assertTrue(tid("funnel-error").getDomAttribute("class").contains("denied-note"));
        assertFalse(tid("export-funnel").isDisplayed());
        assertFalse(tid("funnel-filters").isDisplayed());
        assertFalse(tid("funnel-stopped").isDisplayed());
    }

    @Test
    void thePanelFitsAPhone() {
        driver.manage().window().setSize(new Dimension(390, 844));
        signInAs("rita");
        WebElement panel = tid("funnel");
        driver.executeScript("arguments[0].scrollIntoView()", panel);
        long overflow = (Long) driver.executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
        assertTrue(overflow <= 0, "the page itself does not scroll sideways: " + overflow + " px");
        long right = panel.getRect().getX() + panel.getRect().getWidth();
        List<WebElement> parts = driver.findElements(By.cssSelector("[data-testid='funnel-steps'] button, [data-testid='funnel-step-select'],"
                + " [data-testid='funnel-step'] svg, [data-testid='funnel-stopped-open'], [data-testid='funnel-users']"));
        assertEquals(9 + 3 + 3 + 2 + 3, parts.size(), "3 steps: 3 buttons, a menu, a bar and a count each; 2 stopped links");
        for (WebElement part : parts) {
            assertTrue(part.isDisplayed() && part.getRect().getX() + part.getRect().getWidth() <= right,
                    "in view: " + part.getTagName() + " " + part.getDomAttribute("data-testid"));
        }
        awaitPanels(() -> driver.findElement(By.cssSelector("[data-testid='funnel-stopped-open'][data-action='profile_viewed']")).click(),
                "funnel-stopped");
        assertFalse(driver.findElement(By.cssSelector("[data-testid='funnel-stopped-table'] thead")).isDisplayed(), "rows are cards");
        for (WebElement cell : driver.findElements(By.cssSelector("[data-testid='funnel-stopped-row'] td"))) {
            assertTrue(cell.getRect().getX() + cell.getRect().getWidth() <= right, "every cell in view");
        }
        driver.manage().window().setSize(new Dimension(390, 1600));
        screenshotOf(tid("funnel"), "org-analytics-funnel-390");
    }

    /** Only the panel, for the README. */
    private void screenshotOf(WebElement element, String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), element.getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
