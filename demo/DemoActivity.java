import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 * creates the demo staff, performs real password logins (some failing), and posts 30 days of user
 * actions to {@code POST /realms/acme/org-analytics/actions} as the recorder backend. With
 * {@code --live} it then keeps a trickle of logins and actions going, so rate panels move.
 *
 * <p>Runs from source with the JDK alone: {@code java demo/DemoActivity.java http://localhost:8080 [--live|--live-only]}.
 * Re-running is harmless: users are created once and every action carries an idempotency id.
 * Keycloak must accept 30-day-old actions ({@code --spi-realm-restapi-extension-org-analytics-max-age-days=31}).
 * Logins cannot be backdated through the real endpoints, so the login history starts with the demo.
 */
public class DemoActivity {

    static final String REALM = "acme";
    static final String DAYS_ENV = "DEMO_DAYS";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    /** username, first, last, group path, realm role, how busy (relative). */
    record Person(String username, String first, String last, String group, String role, double busy) {
    }

    static final List<Person> STAFF = List.of(
            new Person("dana", "Dana", "Diaz", "/Recruiters/EMEA", "recruiter", 1.6),
            new Person("erik", "Erik", "Eriksen", "/Recruiters/EMEA", "recruiter", 1.2),
            new Person("fatima", "Fatima", "Farouk", "/Recruiters/EMEA", "recruiter", 0.9),
            new Person("gustavo", "Gustavo", "Gomez", "/Recruiters/Americas", "recruiter", 1.4),
            new Person("hana", "Hana", "Hayashi", "/Recruiters/Americas", "recruiter", 1.0),
            new Person("ivan", "Ivan", "Ivanov", "/Recruiters/Americas", "recruiter", 0.5),
            new Person("jonas", "Jonas", "Jansen", "/Hiring Managers", "hiring-manager", 0.7),
            new Person("keiko", "Keiko", "Kato", "/Hiring Managers", "hiring-manager", 0.6),
            new Person("liam", "Liam", "Lopez", "/Hiring Managers", "hiring-manager", 0.4),
            new Person("maya", "Maya", "Moreau", "/Recruiters/EMEA", "recruiter", 0.0), // never active: shows up as inactive
            new Person("noah", "Noah", "Nakamura", "/Hiring Managers", "hiring-manager", 0.0));

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
        int days = Integer.parseInt(System.getenv().getOrDefault(DAYS_ENV, "30"));
        Random random = new Random(42);

        String admin = token(kc, "master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", env("KC_BOOTSTRAP_ADMIN_USERNAME", "admin"), "password", env("KC_BOOTSTRAP_ADMIN_PASSWORD", "admin")));
        Map<String, String> userIds = createStaff(kc, admin);
        createOrganizations(kc, admin, userIds);
        for (String u : IMPORTED) {
            userIds.put(u, userId(kc, admin, u));
        }

        if (!liveOnly) {
            seed(kc, userIds, days, random);
        }
        if (live) {
            live(kc, userIds, random);
        }
    }

    /** Real logins now (some failing) and {@code days} days of backdated actions. */
    static void seed(String kc, Map<String, String> userIds, int days, Random random) {
        int logins = 0;
        int failed = 0;
        for (Person p : STAFF) {
            if (p.busy() == 0) {
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
            Instant dayStart = now.truncatedTo(ChronoUnit.DAYS).minus(day, ChronoUnit.DAYS);
            boolean weekend = dayStart.atZone(java.time.ZoneOffset.UTC).getDayOfWeek().getValue() >= 6;
            for (Person p : STAFF) {
                int n = (int) Math.round(p.busy() * (weekend ? 1 : 6) * (0.5 + random.nextDouble()));
                for (int i = 0; i < n; i++) {
                    Instant at = dayStart.plus(8 * 60 + random.nextInt(10 * 60), ChronoUnit.MINUTES);
                    if (at.isAfter(now)) {
                        continue;
                    }
                    String[] pool = p.role().equals("recruiter") ? RECRUITER_ACTIONS : MANAGER_ACTIONS;
                    String id = "demo-" + p.username() + "-" + day + "-" + i;
                    String a = action(id, pool[random.nextInt(pool.length)], userIds.get(p.username()), at, random);
                    if (p.role().equals("hiring-manager")) {
                        ownBatches.computeIfAbsent(p.username(), u -> new ArrayList<>()).add(a);
                        continue;
                    }
                    batch.add(a);
                    if (batch.size() == 500) {
                        actions += post(kc, backend, batch);
                        batch.clear();
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

    /** A login and a few actions of a random active user every 5 seconds, until stopped. */
    static void live(String kc, Map<String, String> userIds, Random random) throws InterruptedException {
        {
            System.out.println("demo: live activity every 5 s (Ctrl-C stops)");
            List<Person> active = STAFF.stream().filter(p -> p.busy() > 0).collect(Collectors.toList());
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

    static Map<String, String> createStaff(String kc, String admin) {
        Map<String, String> ids = new java.util.HashMap<>();
        for (Person p : STAFF) {
            String json = "{\"username\":\"" + p.username() + "\",\"enabled\":true,\"emailVerified\":true,"
                    + "\"email\":\"" + p.username() + "@acme.test\",\"firstName\":\"" + p.first() + "\",\"lastName\":\"" + p.last() + "\","
                    + "\"groups\":[\"" + p.group() + "\"],"
                    + "\"credentials\":[{\"type\":\"password\",\"value\":\"" + p.username() + "\",\"temporary\":false}]}";
            HttpResponse<String> r = send("POST", kc + "/admin/realms/" + REALM + "/users", admin, "application/json", json);
            if (r.statusCode() != 201 && r.statusCode() != 409) {
                throw new IllegalStateException("create user " + p.username() + ": " + r.statusCode() + " " + r.body());
            }
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
