package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What every test of the Org Analytics page in a real headless Chromium needs: a fresh browser per
 * test (its own profile and download folder, a screenshot at the end), signing in through Keycloak's
 * login form, waiting for panels to finish a load, and comparing a downloaded CSV with the API's.
 * Screenshots go to {@code target/screenshots/}.
 */
abstract class ConsoleBrowserBase {

    protected static final Path TARGET = Path.of("target").toAbsolutePath();
    protected static final Path SCREENSHOTS = TARGET.resolve("screenshots");
    protected static final Duration WAIT = Duration.ofSeconds(60);
    /** Every panel of the page; the organizations panel loads (and hides itself) in a realm without organizations too. */
    protected static final List<String> PANELS = List.of("summary", "usage", "organizations", "users", "leaderboard", "actions",
            "catalog", "stalled", "dormant", "logins", "funnel");

    /** The summary cards, by the report field each shows. */
    protected static final List<String> CARDS = List.of("totalUsers", "activeUsers", "dau", "wau", "mau", "logins",
            "failedLogins", "actions");

    protected ChromeDriver driver;
    protected Path downloads;
    protected String testName;

    @BeforeEach
    void startBrowser(TestInfo info) throws IOException {
        testName = info.getTestMethod().orElseThrow().getName();
        Path profile = Files.createDirectories(TARGET.resolve("browser/" + testName + "-" + System.nanoTime()));
        downloads = Files.createDirectories(TARGET.resolve("downloads/" + testName + "-" + System.nanoTime()));
        Files.createDirectories(SCREENSHOTS);
        System.setProperty("SE_OFFLINE", "true");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false,
                "download.directory_upgrade", true,
                "safebrowsing.enabled", false));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .withLogFile(TARGET.resolve("chromedriver-" + testName + ".log").toFile())
                .build();
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            try {
                screenshot(testName + "-end");
            } finally {
                driver.quit();
            }
        }
    }

    protected static String pageUrl(String realmName) {
        return KeycloakServer.get().baseUrl() + "/realms/" + realmName + "/org-analytics/console/";
    }

    protected WebElement tid(String testId) {
        return driver.findElement(By.cssSelector("[data-testid='" + testId + "']"));
    }

    protected WebDriverWait await() {
        return new WebDriverWait(driver, WAIT);
    }

    /** The page's state; null while the browser is between pages (login form, redirects). */
    protected String bodyState() {
        return (String) driver.executeScript("return document.body ? document.body.getAttribute('data-state') : null");
    }

    /** Signs in through Keycloak's own login form and waits until the page has started. */
    protected void signIn(String realmName, String username, String password) {
        driver.get(pageUrl(realmName));
        await().until(d -> !d.findElements(By.id("username")).isEmpty());
        driver.findElement(By.id("username")).sendKeys(username);
        if (driver.findElements(By.id("password")).isEmpty()) {
            // A realm with organizations asks for the username first (identity-first login), then the password.
            driver.findElement(By.id("kc-login")).click();
            await().until(d -> !d.findElements(By.id("password")).isEmpty());
        }
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        await().until(d -> {
            String state = bodyState();
            return state != null && List.of("ready", "forbidden", "error", "expired", "choose-realm").contains(state);
        });
    }

    private static long storedLogins(Fixtures.Realm realm, String userId) {
        return Fixtures.count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ? AND USER_ID = ? AND EVENT_TYPE = 'LOGIN'",
                realm.id(), userId);
    }

    /**
     * An admin of {@code realm} signs in. Their own login is one more login of the realm: once it is
     * stored the page reloads, so that page and API describe the same data.
     */
    protected void signInAndReload(Fixtures.Realm realm, String username, String userId) {
        long before = storedLogins(realm, userId);
        signIn(realm.name(), username, Fixtures.PASSWORD);
        assertEquals("ready", bodyState(), () -> tid("banner").getText());
        Fixtures.await(username + "'s login stored", () -> storedLogins(realm, userId) == before + 1);
        awaitPanels(() -> tid("refresh").click());
    }

    protected int generation(String panel) {
        return Integer.parseInt(tid(panel).getDomAttribute("data-generation"));
    }

    /** Does {@code action} and waits until each of {@code panels} (default: all) finished a load after it. */
    protected void awaitPanels(Runnable action, String... panels) {
        List<String> which = panels.length == 0 ? PANELS : List.of(panels);
        Map<String, Integer> before = new HashMap<>();
        which.forEach(p -> before.put(p, generation(p)));
        action.run();
        for (String p : which) {
            await().until(d -> generation(p) > before.get(p));
            assertEquals("ready", tid(p).getDomAttribute("data-status"),
                    () -> p + ": " + tid(p + "-error").getText());
        }
    }

    /** The range and zone the page shows, as API parameters. */
    protected Map<String, String> range() {
        WebElement body = driver.findElement(By.tagName("body"));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("from", body.getDomAttribute("data-from"));
        p.put("to", body.getDomAttribute("data-to"));
        p.put("tz", body.getDomAttribute("data-tz"));
        return p;
    }

    /** The value of attribute {@code name} of every element {@code css} finds, in page order. */
    protected List<String> attribute(String css, String name) {
        return driver.findElements(By.cssSelector(css)).stream().map(e -> e.getDomAttribute(name)).toList();
    }

    /** The text of field {@code name} of every row of a JSON answer's array. */
    protected static List<String> field(JsonNode rows, String name) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.path(name).asText()));
        return out;
    }

    protected static Map<String, String> with(Map<String, String> base, String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    protected static String query(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    protected void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole page, not just the window: the window grows to the page's height for the shot. */
    protected void fullPageScreenshot(String name, int width) {
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(width, 1000));
        long height = (Long) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(width, (int) Math.min(height + 140, 6000)));
        try {
            Thread.sleep(400); // the chart redraws at the new width
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        screenshot(name);
        driver.manage().window().setSize(before);
    }

    /**
     * Clicks an export button, waits for Chrome to save the file, and compares its rows with the
     * API's CSV for the same question; {@code rows} is the expected count, -1 for "as the API says".
     */
    protected void assertDownloadIsApiCsv(String button, String report, Map<String, String> params, int rows) throws Exception {
        // A button already used: forget its last file, so the wait below sees this download.
        driver.executeScript("arguments[0].removeAttribute('data-last-download')", tid(button));
        tid(button).click();
        await().until(d -> tid(button).getDomAttribute("data-last-download") != null);
        String name = tid(button).getDomAttribute("data-last-download");
        Path file = downloads.resolve(name);
        await().until(d -> Files.exists(file) && !Files.exists(downloads.resolve(name + ".crdownload")));

        HttpResponse<String> fromApi = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        KeycloakServer.get().baseUrl() + report + "?format=csv&" + query(params)))
                .header("Authorization", "Bearer " + Tokens.password("master", "admin-cli", null,
                        KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, fromApi.statusCode(), fromApi.body());
        assertEquals("attachment; filename=\"" + name + "\"", fromApi.headers().firstValue("Content-Disposition").orElse(null));
        // The page asks for the byte order mark, so Excel reads the file as UTF-8.
        byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF,
                report + ": the download starts with a UTF-8 byte order mark");
        List<List<String>> downloaded = records(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8));
        List<List<String>> expected = records(fromApi.body());
        assertEquals(expected, downloaded, report);
        assertFalse(downloaded.isEmpty(), report);
        if (rows >= 0) {
            assertEquals(rows + 1, downloaded.size(), report + ": header and rows");
        }
        // The next export of the same report gets the same name, not Chrome's "name (1).csv".
        Files.delete(file);
    }

    /** Every record, the header row included. */
    protected static List<List<String>> records(String csv) throws IOException {
        List<List<String>> out = new ArrayList<>();
        for (CSVRecord r : CSVFormat.RFC4180.parse(new StringReader(csv))) {
            out.add(r.toList());
        }
        return out;
    }
}
