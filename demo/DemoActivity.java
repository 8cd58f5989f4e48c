import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Fills the demo organization (realm {@code acme}) with activity through Keycloak's real endpoints:
 * creates the demo staff (their accounts dated over the period, through Keycloak's partial import),
 * performs real password logins now (some failing), gives the login history of the last 90 days to
 * {@code POST /admin/realms/acme/org-analytics/backfill} as events in the form Keycloak's own events
 * API answers, and posts 90 days of user actions to {@code POST /realms/acme/org-analytics/actions}
 * as the recorder backend. With {@code --live} it then keeps a trickle of logins and actions going,
 * so rate panels move.
 *
 * <p>The history is generated, and looks like a team's: logins on working days (rarely at
 * weekends), some mistyped passwords and unknown usernames, people who joined during the period and
 * are active only since, one recruiter on holiday for the last 12 days and one away for the last 2,
 * so that DAU, WAU and MAU differ. Keycloak has no API that records past events, hence the backfill.
 *
 * <p>Runs from source with the JDK alone: {@code java demo/DemoActivity.java http://localhost:8080 [--live|--live-only]}.
 * Re-running is harmless: users are created once, and every event and action carries an id made of
 * its person and date, stored once. Keycloak must accept 90-day-old history
 * ({@code --spi-realm-restapi-extension-org-analytics-max-age-days=91}); {@code DEMO_DAYS} shortens it.
 */
public class DemoActivity {

    static final String REALM = "acme";
    static final String DAYS_ENV = "DEMO_DAYS";
    /** Events per backfill request (the endpoint takes up to 5,000): a line of progress each. */
    static final int HISTORY_BATCH = 250;
    static final DateTimeFormatter DAY_ID = DateTimeFormatter.BASIC_ISO_DATE;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    /**
     * username, first, last, group path, realm role, how busy (relative), since when the account
     * exists (share of the period, 1 = from its start) and for how many days up to today they have
     * been away (no logins, no actions).
     */
    record Person(String username, String first, String last, String group, String role, double busy, double joined, int away) {
        boolean present() {
            return busy > 0 && away == 0;
        }
    }

    static final List<Person> STAFF = List.of(
            new Person("dana", "Dana", "Diaz", "/Recruiters/EMEA", "recruiter", 1.6, 1.0, 0),
            new Person("erik", "Erik", "Eriksen", "/Recruiters/EMEA", "recruiter", 1.2, 0.95, 0),
            new Person("fatima", "Fatima", "Farouk", "/Recruiters/EMEA", "recruiter", 0.9, 0.7, 0),
            new Person("gustavo", "Gustavo", "Gomez", "/Recruiters/Americas", "recruiter", 1.4, 0.9, 0),
            new Person("hana", "Hana", "Hayashi", "/Recruiters/Americas", "recruiter", 1.0, 0.5, 2), // away since 2 days: WAU, not DAU
            new Person("ivan", "Ivan", "Ivanov", "/Recruiters/Americas", "recruiter", 0.5, 0.8, 12), // on holiday: MAU, not WAU
            new Person("jonas", "Jonas", "Jansen", "/Hiring Managers", "hiring-manager", 0.7, 0.85, 0),
            new Person("keiko", "Keiko", "Kato", "/Hiring Managers", "hiring-manager", 0.6, 0.6, 0),
            new Person("liam", "Liam", "Lopez", "/Hiring Managers", "hiring-manager", 0.4, 0.3, 0),
            new Person("maya", "Maya", "Moreau", "/Recruiters/EMEA", "recruiter", 0.0, 0.15, 0), // never active: shows up as inactive
            new Person("noah", "Noah", "Nakamura", "/Hiring Managers", "hiring-manager", 0.0, 0.2, 0));

    /** A client company of the recruiting platform: a Keycloak organization and its members (hiring managers). */
    record Client(String name, String alias, List<String> members) {
    }

    /** Hooli has no members: a dormant organization on the page and the dashboard. */
    static final List<Client> CLIENTS = List.of(
            new Client("Globex", "globex", List.of("jonas")),
            new Client("Initech", "initech", List.of("keiko")),
            new Client("Umbrella", "umbrella", List.of("liam", "noah")),
            new Client("Hooli", "hooli", List.of()));

    /** The demo realm's own users (demo/acme-realm.json) take part too. */
    static final List<String> IMPORTED = List.of("alice", "bob", "carol");

    static final String[] RECRUITER_ACTIONS = {"profile_viewed", "profile_viewed", "profile_viewed", "resume_downloaded",
            "interview_scheduled", "job_posted", "candidate_shortlisted"};
    static final String[] MANAGER_ACTIONS = {"profile_viewed", "interview_scheduled", "offer_sent", "job_posted"};
    static final String[] PAGES = {"/candidates", "/candidates/search", "/jobs", "/interviews"};

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java demo/DemoActivity.java <keycloak-url> [--live|--live-only]");
            System.exit(2);
        }
        String kc = args[0].replaceAll("/+$", "");
        boolean liveOnly = List.of(args).contains("--live-only");
        boolean live = liveOnly || List.of(args).contains("--live");
        int days = Integer.parseInt(System.getenv().getOrDefault(DAYS_ENV, "90"));
        if (days < 1 || days > 90) {
            throw new IllegalArgumentException(DAYS_ENV + " must be 1 to 90, was " + days);
        }
        Random random = new Random(42);

        String admin = adminToken(kc);
        Map<String, String> userIds = createStaff(kc, admin, days);
        createOrganizations(kc, admin, userIds);
        for (String u : IMPORTED) {
            userIds.put(u, userId(kc, admin, u));
        }

        if (!liveOnly) {
            seed(kc, userIds, days, random);
            history(kc, userIds, days, new Random(7));
        }
        if (live) {
            live(kc, userIds, random);
        }
    }

    /** How many days ago {@code p}'s account was created: their activity starts that day. */
    static int joinedAgo(Person p, int days) {
        return (int) Math.round(p.joined() * (days - 1));
    }

    /** Whether {@code p} may be active {@code day} days ago: their account existed and they were not away. */
    static boolean around(Person p, int day, int days) {
        return p.busy() > 0 && day <= joinedAgo(p, days) && day >= p.away();
    }

    static Instant dayStart(Instant now, int day) {
        return now.truncatedTo(ChronoUnit.DAYS).minus(day, ChronoUnit.DAYS);
    }

    static boolean weekend(Instant dayStart) {
        return dayStart.atZone(ZoneOffset.UTC).getDayOfWeek().getValue() >= 6;
    }

    /** Real logins now (some failing) of the people at work today, and {@code days} days of backdated actions. */
    static void seed(String kc, Map<String, String> userIds, int days, Random random) {
        int logins = 0;
        int failed = 0;
        for (Person p : STAFF) {
            if (!p.present()) {
                continue;
            }
            for (int i = 0; i < 1 + Math.round(p.busy() * 2); i++) {
                login(kc, p.username(), p.username());
                logins++;
            }
            if (random.nextDouble() < 0.4) {
                login(kc, p.username(), "wrong-password");
                failed++;
            }
        }
        for (String u : IMPORTED) {
            login(kc, u, u);
            logins++;
        }
        System.out.printf("demo: %d logins, %d failed logins%n", logins, failed);

        String backend = backendToken(kc);
        Instant now = Instant.now();
        List<String> batch = new ArrayList<>();
        int actions = 0;
        // Hiring managers' actions come from the portal with their own tokens (client acme-portal),
        // recruiters' from the backend on their behalf (client acme-backend): two clients to compare.
        Map<String, List<String>> ownBatches = new java.util.HashMap<>();
        for (int day = days - 1; day >= 0; day--) { // today and the days before it
            Instant dayStart = dayStart(now, day);
            boolean weekend = weekend(dayStart);
            String date = DAY_ID.format(LocalDate.ofInstant(dayStart, ZoneOffset.UTC));
            for (Person p : STAFF) {
                if (!around(p, day, days)) {
                    continue;
                }
                int n = (int) Math.round(p.busy() * (weekend ? 1 : 6) * (0.5 + random.nextDouble()));
                for (int i = 0; i < n; i++) {
                    Instant at = dayStart.plus(8 * 60 + random.nextInt(10 * 60), ChronoUnit.MINUTES);
                    if (at.isAfter(now)) {
                        continue;
                    }
                    String[] pool = p.role().equals("recruiter") ? RECRUITER_ACTIONS : MANAGER_ACTIONS;
                    // Named by person and date, so a run on another day repeats the same ids.
                    String id = "demo-" + p.username() + "-" + date + "-" + i;
                    String a = action(id, pool[random.nextInt(pool.length)], userIds.get(p.username()), at, random);
                    if (p.role().equals("hiring-manager")) {
                        ownBatches.computeIfAbsent(p.username(), u -> new ArrayList<>()).add(a);
                        continue;
                    }
                    batch.add(a);
                    if (batch.size() == 500) {
                        actions += post(kc, backend, batch);
                        batch.clear();
                        System.out.printf("demo: actions ... %s done%n", LocalDate.ofInstant(dayStart, ZoneOffset.UTC));
                    }
                }
            }
        }
        actions += post(kc, backend, batch);
        for (Map.Entry<String, List<String>> own : ownBatches.entrySet()) {
            String token = login(kc, own.getKey(), own.getKey());
            logins++;
            for (int from = 0; from < own.getValue().size(); from += 500) {
                actions += post(kc, token, own.getValue().subList(from, Math.min(from + 500, own.getValue().size())));
            }
        }
        System.out.printf("demo: %d actions over %d days recorded (repeated ids are not stored twice)%n", actions, days);
    }

    /**
     * The login history of the {@code days - 1} days before today, as Keycloak would have recorded
     * it, given to the backfill in batches with a line of progress each: on working days most people
     * sign in to the portal once or twice (at weekends rarely), a few mistype their password first,
     * and now and then someone tries a username that does not exist. Today's logins are the real
     * ones, so a second run the same day generates exactly the same events, all found stored.
     */
    static void history(String kc, Map<String, String> userIds, int days, Random random) {
        Instant now = Instant.now();
        List<String> events = new ArrayList<>();
        for (int day = days - 1; day >= 1; day--) {
            Instant dayStart = dayStart(now, day);
            boolean weekend = weekend(dayStart);
            String date = DAY_ID.format(LocalDate.ofInstant(dayStart, ZoneOffset.UTC));
            for (int n = 0; n < STAFF.size(); n++) {
                Person p = STAFF.get(n);
                if (!around(p, day, days) || random.nextDouble() >= (weekend ? 0.08 * p.busy() : Math.min(0.95, 0.55 + 0.25 * p.busy()))) {
                    continue;
                }
                String ip = "10.20." + (n + 1) + "." + (10 + random.nextInt(3));
                int sessions = random.nextDouble() < 0.3 * p.busy() ? 2 : 1;
                for (int i = 0; i < sessions; i++) {
                    Instant at = dayStart.plus(Duration.ofMinutes((i == 0 ? 7 * 60 + 30 : 13 * 60) + random.nextInt(150)));
                    if (random.nextDouble() < 0.07) {
                        events.add(event("demo-" + date + "-" + p.username() + "-e" + i, at.minusSeconds(30 + random.nextInt(60)),
                                "LOGIN_ERROR", userIds.get(p.username()), p.username(), ip, "invalid_user_credentials"));
                    }
                    events.add(event("demo-" + date + "-" + p.username() + "-l" + i, at, "LOGIN", userIds.get(p.username()),
                            p.username(), ip, null));
                }
            }
            if (!weekend && random.nextDouble() < 0.25) {
                Instant at = dayStart.plus(Duration.ofMinutes(9 * 60 + random.nextInt(8 * 60)));
                events.add(event("demo-" + date + "-unknown-e0", at, "LOGIN_ERROR", null, "j.smith", "203.0.113." + (1 + random.nextInt(200)),
                        "user_not_found"));
            }
        }
        int stored = 0;
        int already = 0;
        for (int from = 0; from < events.size(); from += HISTORY_BATCH) {
            List<String> batch = events.subList(from, Math.min(from + HISTORY_BATCH, events.size()));
            HttpResponse<String> r = send("POST", kc + "/admin/realms/" + REALM + "/org-analytics/backfill", adminToken(kc),
                    "application/json", "[" + String.join(",", batch) + "]");
            if (r.statusCode() != 200) {
                throw new IllegalStateException("backfill: " + r.statusCode() + " " + r.body());
            }
            stored += number(r.body(), "stored");
            already += number(r.body(), "alreadyStored");
            System.out.printf("demo: login history %d/%d events backfilled (%d stored, %d stored before)%n",
                    from + batch.size(), events.size(), stored, already);
        }
        System.out.printf("demo: login history of %d days: %d events stored, %d were stored before%n", days, stored, already);
    }

    /** One event as Keycloak's admin events API shows it: a login through the portal's browser flow. */
    static String event(String id, Instant at, String type, String userId, String username, String ip, String error) {
        return "{\"id\":\"" + id + "\",\"time\":" + at.toEpochMilli() + ",\"type\":\"" + type + "\",\"clientId\":\"acme-portal\","
                + (userId == null ? "" : "\"userId\":\"" + userId + "\",")
                + "\"ipAddress\":\"" + ip + "\"," + (error == null ? "" : "\"error\":\"" + error + "\",")
                + "\"details\":{\"auth_method\":\"openid-connect\",\"auth_type\":\"code\",\"username\":\"" + username
                + "\",\"redirect_uri\":\"https://portal.acme.example/\"}}";
    }

    static int number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** A login and a few actions of a random active user every 5 seconds, until stopped. */
    static void live(String kc, Map<String, String> userIds, Random random) throws InterruptedException {
        {
            System.out.println("demo: live activity every 5 s (Ctrl-C stops)");
            // Only those at work today: the people away stay out of today's numbers (DAU < WAU < MAU).
            List<Person> active = STAFF.stream().filter(Person::present).collect(Collectors.toList());
            for (long tick = 0; ; tick++) {
                Thread.sleep(5_000);
                Person p = active.get(random.nextInt(active.size()));
                try {
                    String own = login(kc, p.username(), tick % 7 == 0 ? "wrong-password" : p.username());
                    String backend = own != null && p.role().equals("hiring-manager") ? own : backendToken(kc);
                    List<String> some = new ArrayList<>();
                    for (int i = 0; i < 1 + random.nextInt(3); i++) {
                        String[] pool = p.role().equals("recruiter") ? RECRUITER_ACTIONS : MANAGER_ACTIONS;
                        some.add(action(null, pool[random.nextInt(pool.length)], userIds.get(p.username()), Instant.now(), random));
                    }
                    post(kc, backend, some);
                } catch (RuntimeException e) {
                    System.err.println("demo: " + e.getMessage() + " (retrying)");
                }
            }
        }
    }

    /**
     * Creates the staff once, through Keycloak's partial import, which keeps an account's creation
     * time: accounts dated over the period show users created over time. Existing ones are skipped.
     */
    static Map<String, String> createStaff(String kc, String admin, int days) {
        Instant today = Instant.now().truncatedTo(ChronoUnit.DAYS);
        List<String> users = new ArrayList<>();
        for (Person p : STAFF) {
            long created = today.minus(joinedAgo(p, days), ChronoUnit.DAYS).plus(7, ChronoUnit.HOURS).toEpochMilli();
            users.add("{\"username\":\"" + p.username() + "\",\"enabled\":true,\"emailVerified\":true,"
                    + "\"email\":\"" + p.username() + "@acme.test\",\"firstName\":\"" + p.first() + "\",\"lastName\":\"" + p.last() + "\","
                    + "\"createdTimestamp\":" + Math.min(created, System.currentTimeMillis()) + ",\"groups\":[\"" + p.group() + "\"],"
                    + "\"credentials\":[{\"type\":\"password\",\"value\":\"" + p.username() + "\",\"temporary\":false}]}");
        }
        HttpResponse<String> r = send("POST", kc + "/admin/realms/" + REALM + "/partialImport", admin, "application/json",
                "{\"ifResourceExists\":\"SKIP\",\"users\":[" + String.join(",", users) + "]}");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("create staff: " + r.statusCode() + " " + r.body());
        }
        System.out.printf("demo: %d staff accounts created (%d existed)%n", number(r.body(), "added"), number(r.body(), "skipped"));
        Map<String, String> ids = new java.util.HashMap<>();
        for (Person p : STAFF) {
            String id = userId(kc, admin, p.username());
            ids.put(p.username(), id);
            String role = send("GET", kc + "/admin/realms/" + REALM + "/roles/" + p.role(), admin, null, null).body();
            send("POST", kc + "/admin/realms/" + REALM + "/users/" + id + "/role-mappings/realm", admin, "application/json", "[" + role + "]");
        }
        return ids;
    }

    /**
     * Turns Keycloak's organizations on in the realm and creates the client companies with their
     * members, before any activity, so that the hiring managers' logins and actions are attributed to
     * their company. Once only: an existing organization or membership answers 409 and is kept.
     */
    static void createOrganizations(String kc, String admin, Map<String, String> userIds) {
        String realmUrl = kc + "/admin/realms/" + REALM;
        HttpResponse<String> on = send("PUT", realmUrl, admin, "application/json", "{\"organizationsEnabled\":true}");
        if (on.statusCode() != 204) {
            throw new IllegalStateException("organizations on: " + on.statusCode() + " " + on.body());
        }
        for (Client c : CLIENTS) {
            String json = "{\"name\":\"" + c.name() + "\",\"alias\":\"" + c.alias() + "\",\"domains\":[{\"name\":\""
                    + c.alias() + ".example\"}]}";
            HttpResponse<String> r = send("POST", realmUrl + "/organizations", admin, "application/json", json);
            if (r.statusCode() != 201 && r.statusCode() != 409) {
                throw new IllegalStateException("create organization " + c.alias() + ": " + r.statusCode() + " " + r.body());
            }
            Matcher m = ID.matcher(send("GET", realmUrl + "/organizations?exact=true&search=" + enc(c.name()), admin, null, null).body());
            if (!m.find()) {
                throw new IllegalStateException("no organization " + c.name() + " in realm " + REALM);
            }
            for (String member : c.members()) {
                HttpResponse<String> j = send("POST", realmUrl + "/organizations/" + m.group(1) + "/members", admin,
                        "application/json", "\"" + userIds.get(member) + "\"");
                if (j.statusCode() != 201 && j.statusCode() != 409) {
                    throw new IllegalStateException(member + " joins " + c.alias() + ": " + j.statusCode() + " " + j.body());
                }
            }
        }
        System.out.printf("demo: %d client companies (Keycloak organizations)%n", CLIENTS.size());
    }

    static String userId(String kc, String admin, String username) {
        String body = send("GET", kc + "/admin/realms/" + REALM + "/users?exact=true&username=" + enc(username), admin, null, null).body();
        Matcher m = ID.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no user " + username + " in realm " + REALM);
        }
        return m.group(1);
    }

    /** A real password login through the portal client; its access token, or null when it failed. */
    static String login(String kc, String username, String password) {
        HttpResponse<String> r = form(kc + "/realms/" + REALM + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", "acme-portal", "username", username, "password", password, "scope", "openid"));
        Matcher m = ACCESS_TOKEN.matcher(r.body());
        return r.statusCode() == 200 && m.find() ? m.group(1) : null;
    }

    /** A fresh admin token: the master realm's tokens live one minute, less than a whole demo run. */
    static String adminToken(String kc) {
        return token(kc, "master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", env("KC_BOOTSTRAP_ADMIN_USERNAME", "admin"), "password", env("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin")));
    }

    static String backendToken(String kc) {
        return token(kc, REALM, Map.of("grant_type", "client_credentials", "client_id", "acme-backend",
                "client_secret", "acme-backend-secret"));
    }

    static String action(String id, String name, String userId, Instant at, Random random) {
        StringBuilder json = new StringBuilder("{");
        if (id != null) {
            json.append("\"id\":\"").append(id).append("\",");
        }
        json.append("\"action\":\"").append(name).append("\",\"userId\":\"").append(userId)
                .append("\",\"occurredAt\":\"").append(at).append("\",\"page\":\"").append(PAGES[random.nextInt(PAGES.length)]).append('"');
        if (!name.equals("job_posted")) {
            int candidate = 1000 + random.nextInt(400);
            json.append(",\"target\":{\"type\":\"candidate\",\"id\":\"c-").append(candidate)
                    .append("\",\"name\":\"Candidate ").append(candidate).append("\"}");
        }
        return json.append('}').toString();
    }

    static int post(String kc, String token, List<String> actions) {
        if (actions.isEmpty()) {
            return 0;
        }
        HttpResponse<String> r = send("POST", kc + "/realms/" + REALM + "/org-analytics/actions", token, "application/json",
                "{\"actions\":[" + String.join(",", actions) + "]}");
        if (r.statusCode() != 202) {
            throw new IllegalStateException("actions: " + r.statusCode() + " " + r.body());
        }
        Matcher m = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)").matcher(r.body());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    static String token(String kc, String realm, Map<String, String> form) {
        HttpResponse<String> r = form(kc + "/realms/" + realm + "/protocol/openid-connect/token", form);
        Matcher m = ACCESS_TOKEN.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("token for " + form.get("client_id") + ": " + r.statusCode() + " " + r.body());
        }
        return m.group(1);
    }

    static HttpResponse<String> form(String url, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
        return send("POST", url, null, "application/x-www-form-urlencoded", body);
    }

    static HttpResponse<String> send(String method, String url, String bearer, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(method + " " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
