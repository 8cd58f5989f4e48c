package dev.orgalytics.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.keycloak.representations.idm.RealmRepresentation;

import dev.orgalytics.it.AdminClient;
import dev.orgalytics.it.KeycloakServer;
import dev.orgalytics.store.ActionRow;
import dev.orgalytics.store.AnalyticsWriter;
import dev.orgalytics.store.ExpectedDays;
import dev.orgalytics.store.WriteRetry;
import dev.orgalytics.store.LoginRow;

/**
 * Loads benchmark data into a running {@link KeycloakServer} on PostgreSQL: realm {@code bench-big}
 * (default 50,000 users, 10,000,000 events over the last 365 days) and realms
 * {@code bench-small-1..N} (default 9 with 500 users and 100,000 events each).
 *
 * <p>Realms, clients and groups are created through the admin API. Users, their default-role
 * mapping and group memberships are inserted with JDBC into Keycloak's own tables (the admin API
 * creates about a hundred users per second; JDBC does thousands), after checking those tables'
 * columns against the schema Keycloak created. Events go through the production
 * {@link AnalyticsWriter} in transactions of {@code bench.batch} events, so the raw rows and the
 * roll-ups are exactly what the product stores; the same logins also go into Keycloak's
 * {@code EVENT_ENTITY} (events are enabled on the realms) for the last-login comparison.
 *
 * <p>Shape, deterministic for a seed: about 20% of users never active; the others' activity is
 * heavy-tailed (Pareto weights: a few power users, many occasional ones); activity comes in sessions
 * of one login (about 2% of sessions preceded by failed attempts) and a burst of 5 to 40 actions in
 * the next 15 minutes ({@code profile_viewed} 60%, {@code resume_downloaded} 20%, {@code job_posted}
 * 10%, {@code interview_scheduled} 10%, each with page, target and properties); weekdays and work
 * hours (UTC) are busier, and the year grows slowly; a user's weight is a rate over the days since
 * they joined. The event count (logins, failed logins and actions) is exact. The same seed gives
 * the same data on the same date (the last day is squeezed into the hours before the load starts).
 *
 * <p>With {@code bench.organizations} N above 0, the big realm has organizations on and N
 * organizations (created through the admin API): every user is a member of one, about 5% of two,
 * memberships inserted like groups; every event of a user is attributed to the user's organizations,
 * so the organizations' roll-ups are filled by the production writer too.
 *
 * <p>System properties: {@code bench.users} (50000), {@code bench.events} (10000000),
 * {@code bench.smallRealms} (9), {@code bench.smallUsers} (500), {@code bench.smallEvents} (100000),
 * {@code bench.seed} (42), {@code bench.batch} (5000 events per transaction), {@code bench.loadThreads}
 * (3 connections writing days in parallel). Run alone (generate, validate, exit) with
 * {@code exec:java -Dexec.mainClass=dev.orgalytics.bench.DataGenerator} and the properties of
 * {@code benchmarks/run.sh}.
 */
public final class DataGenerator {

    public static final String BIG_REALM = "bench-big";
    public static final String SMALL_REALM_PREFIX = "bench-small-";
    public static final String[] CLIENTS = {"recruit-portal", "recruit-mobile"};
    public static final String[] ACTIONS = {"profile_viewed", "resume_downloaded", "job_posted", "interview_scheduled"};
    /** Cumulative shares of {@link #ACTIONS}: 60%, 20%, 10%, 10%. */
    private static final double[] ACTION_CUMULATIVE = {0.60, 0.80, 0.90, 1.00};
    static final int DAYS = 365;
    private static final long DAY = 86_400_000L;
    private static final double ACTIVE_SHARE = 0.80;
    private static final double FAILED_LOGIN_SESSION_SHARE = 0.017;
    private static final double PARETO_ALPHA = 1.3;
    private static final double PARETO_CAP = 60;
    /** Relative session starts per UTC hour: nights quiet, 9-17 busy. */
    private static final double[] HOUR_WEIGHTS = {0.05, 0.03, 0.03, 0.03, 0.05, 0.1, 0.3, 0.8, 1.8, 3.0, 3.2, 3.0,
            2.0, 2.8, 3.0, 2.8, 2.4, 1.6, 0.9, 0.6, 0.5, 0.4, 0.2, 0.1};
    private static final String[] FIRST = {"Ada", "Alan", "Grace", "Linus", "Margaret", "Dennis", "Barbara", "Ken",
            "Frances", "John", "Radia", "Tim", "Hedy", "Edsger", "Katherine", "Donald", "Sophie", "Niklaus", "Joan",
            "Vint", "Karen", "Guido", "Anita", "Bjarne", "Shafi", "James", "Lynn", "Brian", "Mary", "Leslie", "Jean",
            "Robert", "Elena", "Marco", "Aisha", "Kenji", "Priya", "Lucas", "Fatima", "Olga", "Mateo", "Ingrid",
            "Chen", "Amara", "Nikolai", "Zoe", "Rahul", "Yuki", "Carmen", "Tariq"};
    private static final String[] LAST = {"Lovelace", "Turing", "Hopper", "Torvalds", "Hamilton", "Ritchie", "Liskov",
            "Thompson", "Allen", "McCarthy", "Perlman", "Berners-Lee", "Lamarr", "Dijkstra", "Johnson", "Knuth",
            "Wilson", "Wirth", "Clarke", "Cerf", "Jones", "van Rossum", "Borg", "Stroustrup", "Goldwasser", "Gosling",
            "Conway", "Kernighan", "Keller", "Lamport", "Bartik", "Tarjan", "Garcia", "Rossi", "Khan", "Tanaka",
            "Patel", "Silva", "Haddad", "Ivanova", "Lopez", "Larsen", "Wei", "Okafor", "Petrov", "Martin", "Sharma",
            "Sato", "Navarro", "Aziz"};
    private static final String[] JOB_TITLES = {"Backend Engineer", "Data Analyst", "Product Designer",
            "Site Reliability Engineer", "Account Executive", "Recruiter", "Frontend Engineer", "Product Manager",
            "Customer Success Manager", "Security Engineer"};
    private static final String[] DEPARTMENTS = {"Engineering", "Sales", "Design", "Operations", "Security"};
    private static final String[] SOURCES = {"search", "pipeline", "referral", "job_board"};
    private static final String[] STAGES = {"phone_screen", "technical", "onsite", "final"};
    /** Leaf groups (path) and the share of grouped users in each; about 20% of users are grouped. */
    private static final String[][] GROUPS = {{"/Recruiters/EMEA", "0.3"}, {"/Recruiters/Americas", "0.3"},
            {"/Recruiters/APAC", "0.15"}, {"/Hiring Managers", "0.15"}, {"/Sourcing", "0.1"}};
    private static final double GROUPED_SHARE = 0.20;

    /** Sizes and knobs of a load. */
    public record Config(int users, long events, int smallRealms, int smallUsers, long smallEvents, long seed,
                         int batch, int threads, int organizations) {
        public static Config fromSystemProperties() {
            return new Config(Integer.getInteger("bench.users", 50_000), Long.getLong("bench.events", 10_000_000L),
                    Integer.getInteger("bench.smallRealms", 9), Integer.getInteger("bench.smallUsers", 500),
                    Long.getLong("bench.smallEvents", 100_000L), Long.getLong("bench.seed", 42L),
                    Integer.getInteger("bench.batch", 5_000), Integer.getInteger("bench.loadThreads", 3),
                    Integer.getInteger("bench.organizations", 0));
        }
    }

    /** What was loaded into one realm (counted while generating, checked against the database by {@link #validate}). */
    public record RealmLoad(String name, String id, int users, int activeUsers, int groupedUsers, long sessions,
                            long logins, long failedLogins, long actions, double seconds, List<String> organizationAliases) {
        public long events() {
            return logins + failedLogins + actions;
        }
    }

    public record Result(List<RealmLoad> realms, long anchorMillis, double seconds) {
        public RealmLoad realm(String name) {
            return realms.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
        }
    }

    private final KeycloakServer server;
    private final AdminClient admin;
    private final Config config;

    public DataGenerator(KeycloakServer server, AdminClient admin, Config config) {
        this.server = server;
        this.admin = admin;
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        KeycloakServer server = KeycloakServer.get();
        requirePostgres(server);
        DataGenerator generator = new DataGenerator(server, new AdminClient(), Config.fromSystemProperties());
        Result result = generator.generate();
        generator.validate(result);
        System.exit(0);
    }

    static void requirePostgres(KeycloakServer server) {
        if (!server.db().equals("postgres")) {
            throw new IllegalStateException("The benchmark data is loaded on PostgreSQL: run with -Dit.db=postgres");
        }
    }

    // ------------------------------------------------------------------ load

    /** Creates and fills every realm; returns what was loaded. */
    public Result generate() throws Exception {
        long t0 = System.nanoTime();
        // Events fall in the 365 UTC days ending today, never after this instant.
        long anchor = System.currentTimeMillis();
        System.out.printf(Locale.ROOT, "[gen] users=%d events=%d smallRealms=%d x (%d users, %d events) seed=%d batch=%d threads=%d%n",
                config.users, config.events, config.smallRealms, config.smallUsers, config.smallEvents, config.seed,
                config.batch, config.threads);
        try (Connection c = server.openJdbc()) {
            checkSchema(c);
        }
        List<RealmLoad> loads = new ArrayList<>();
        loads.add(loadRealm(BIG_REALM, config.users, config.events, config.seed, anchor));
        for (int i = 1; i <= config.smallRealms; i++) {
            loads.add(loadRealm(SMALL_REALM_PREFIX + i, config.smallUsers, config.smallEvents, config.seed + i, anchor));
        }
        long tv = System.nanoTime();
        try (Connection c = server.openJdbc(); Statement s = c.createStatement()) {
            // What autovacuum would reach on its own after a bulk insert; done now so the first
            // benchmark runs see current statistics and visibility maps instead of racing it.
            // Every table of ours (whatever the changelog has created by now) and the Keycloak tables loaded.
            // ORG and KEYCLOAK_GROUP too: with 5,000 organizations just created and never analyzed,
            // PostgreSQL estimated one organization per realm and joined the organizations report
            // by nested loop, 3.7 s instead of 77 ms (docs/benchmarks.md).
            List<String> tables = new ArrayList<>(List.of("EVENT_ENTITY", "USER_ENTITY", "USER_GROUP_MEMBERSHIP",
                    "USER_ROLE_MAPPING", "ORG", "KEYCLOAK_GROUP"));
            try (ResultSet rs = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                    + " AND tablename LIKE 'oa\\_%'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String table : tables) {
                s.execute("VACUUM ANALYZE " + table);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "[gen] VACUUM ANALYZE %.1f s%n", (System.nanoTime() - tv) / 1e9);
        long events = loads.stream().mapToLong(RealmLoad::events).sum();
        System.out.printf(Locale.ROOT, "[gen] done: %d realms, %d users, %d events in %.1f s (%.0f events/s)%n", loads.size(),
                loads.stream().mapToLong(RealmLoad::users).sum(), events, seconds, events / seconds);
        return new Result(loads, anchor, seconds);
    }

    private RealmLoad loadRealm(String name, int userCount, long eventTarget, long seed, long anchor) throws Exception {
        long t0 = System.nanoTime();
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(name);
        rep.setEnabled(true);
        rep.setEventsEnabled(true); // Keycloak's own event store: what its events API pages through
        rep.setEventsListeners(List.of("jboss-logging"));
        admin.createRealm(rep);
        String realmId = admin.getJson("/admin/realms/" + name).ok("Get realm " + name).json().path("id").asText();
        for (String client : CLIENTS) {
            admin.createPublicClient(name, client);
        }
        List<String> groupIds = createGroups(name);

        SplittableRandom rnd = new SplittableRandom(seed);
        Users users = new Users(userCount);
        LocalDate firstDay = LocalDate.ofInstant(Instant.ofEpochMilli(anchor), ZoneOffset.UTC).minusDays(DAYS - 1);
        long firstDayStart = firstDay.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        int grouped = 0;
        for (int u = 0; u < userCount; u++) {
            users.id[u] = uuid4(rnd).toString();
            String first = FIRST[rnd.nextInt(FIRST.length)];
            String last = LAST[rnd.nextInt(LAST.length)];
            users.first[u] = first;
            users.last[u] = last;
            users.username[u] = (first + "." + last.replace(" ", "").replace("-", "") + "." + (u + 1)).toLowerCase(Locale.ROOT);
            users.active[u] = rnd.nextDouble() < ACTIVE_SHARE;
            if (rnd.nextDouble() < 0.3) {
                // Joined during the year: active only from the day after.
                users.createdDay[u] = rnd.nextInt(DAYS - 1);
                users.created[u] = firstDayStart + users.createdDay[u] * DAY + 7 * 3_600_000L + rnd.nextLong(11 * 3_600_000L);
            } else {
                users.createdDay[u] = -1;
                users.created[u] = firstDayStart - 2 * 365 * DAY + rnd.nextLong(2 * 365 * DAY);
            }
            users.enabled[u] = users.active[u] || rnd.nextDouble() > 0.1; // some inactive users were disabled
            users.emailVerified[u] = rnd.nextDouble() < 0.9;
            double w = Math.pow(1 - rnd.nextDouble(), -1 / PARETO_ALPHA);
            users.weight[u] = users.active[u] ? Math.min(w, PARETO_CAP) : 0;
            users.group[u] = -1;
            if (rnd.nextDouble() < GROUPED_SHARE) {
                double g = rnd.nextDouble(), acc = 0;
                for (int i = 0; i < GROUPS.length; i++) {
                    acc += Double.parseDouble(GROUPS[i][1]);
                    if (g < acc || i == GROUPS.length - 1) {
                        users.group[u] = i;
                        break;
                    }
                }
                grouped++;
            }
            users.ip[u] = "10." + (u >> 16 & 255) + "." + (u >> 8 & 255) + "." + (u & 255);
        }
        insertUsers(name, realmId, users, groupIds);
        List<String> aliases = name.equals(BIG_REALM) && config.organizations > 0
                ? createOrganizations(name, realmId, users, rnd) : List.of();

        Plan plan = plan(users, eventTarget, rnd, firstDay);
        int activeUsers = (int) Arrays.stream(plan.sessionsPerUser).filter(n -> n > 0).count();
        System.out.printf(Locale.ROOT, "[gen] %s: %d users inserted (%d grouped), %d sessions planned for %d active users%n",
                name, userCount, grouped, plan.size, activeUsers);

        Counters counters = writeEvents(name, realmId, users, plan, firstDayStart, anchor);
        System.out.println("[gen] " + name + ": " + counters.profile());
        double seconds = (System.nanoTime() - t0) / 1e9;
        RealmLoad load = new RealmLoad(name, realmId, userCount, activeUsers, grouped, plan.size, counters.logins.get(),
                counters.failed.get(), counters.actions.get(), seconds, aliases);
        System.out.printf(Locale.ROOT, "[gen] %s loaded in %.1f s: %d logins, %d failed logins, %d actions (%d events)%n",
                name, seconds, load.logins, load.failedLogins, load.actions, load.events());
        if (load.events() != eventTarget) {
            throw new IllegalStateException("Generated " + load.events() + " events, wanted " + eventTarget);
        }
        return load;
    }

    /** Column-per-user arrays: 50,000 objects would be fine too, but this keeps the plan cheap. */
    private static final class Users {
        final String[] id, username, first, last, ip;
        final long[] created;
        final int[] createdDay, group;
        final boolean[] active, enabled, emailVerified;
        final double[] weight;
        /** The organizations (ids) each user is a member of; empty without organizations. */
        final List<List<String>> organizations;

        Users(int n) {
            organizations = new ArrayList<>(Collections.nCopies(n, List.of()));
            id = new String[n];
            username = new String[n];
            first = new String[n];
            last = new String[n];
            ip = new String[n];
            created = new long[n];
            createdDay = new int[n];
            group = new int[n];
            active = new boolean[n];
            enabled = new boolean[n];
            emailVerified = new boolean[n];
            weight = new double[n];
        }

        int size() {
            return id.length;
        }

        String email(int u, String realm) {
            return username[u] + "@" + realm + ".example.com";
        }
    }

    /**
     * Turns organizations on in the realm, creates {@code bench.organizations} of them through the
     * admin API and makes every user a member of one (user u of organization u mod N), about 5% of
     * a second; returns the aliases in creation order.
     */
    private List<String> createOrganizations(String realm, String realmId, Users users, SplittableRandom rnd) throws SQLException {
        long t0 = System.nanoTime();
        admin.updateRealm(realm, Map.of("organizationsEnabled", true));
        int n = config.organizations;
        List<String> aliases = new ArrayList<>(n);
        for (int o = 0; o < n; o++) {
            aliases.add(String.format(Locale.ROOT, "org-%05d", o + 1));
        }
        // Through the admin API, as an operator would; four at a time (one at a time is about 10 a second).
        String[] created = new String[n];
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int o = 0; o < n; o++) {
                int i = o;
                done.add(pool.submit(() -> created[i] = admin.postJson("/admin/realms/" + realm + "/organizations",
                        Map.of("name", "Organization " + (i + 1), "alias", aliases.get(i), "domains",
                                List.of(Map.of("name", aliases.get(i) + ".example.com")))).ok("create " + aliases.get(i)).createdId()));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("Creating organizations failed", e);
        } finally {
            pool.shutdown();
        }
        List<String> ids = List.of(created);
        Map<String, String> groupOf = new HashMap<>();
        try (Connection c = server.openJdbc()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT ID, GROUP_ID FROM ORG WHERE REALM_ID = ?")) {
                ps.setString(1, realmId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) groupOf.put(rs.getString(1), rs.getString(2));
                }
            }
            c.setAutoCommit(false);
            List<Object[]> rows = new ArrayList<>();
            for (int u = 0; u < users.size(); u++) {
                List<String> mine = new ArrayList<>(2);
                mine.add(ids.get(u % n));
                if (n > 1 && rnd.nextDouble() < 0.05) {
                    mine.add(ids.get((u % n + 1 + rnd.nextInt(n - 1)) % n));
                }
                users.organizations.set(u, List.copyOf(mine));
                for (String org : mine) rows.add(new Object[] {groupOf.get(org), users.id[u], "UNMANAGED"});
            }
            insert(c, "USER_GROUP_MEMBERSHIP", MEMBERSHIP_COLUMNS, rows);
            c.commit();
            System.out.printf(Locale.ROOT, "[gen] %s: %d organizations, %d memberships in %.1f s%n", realm, n, rows.size(),
                    (System.nanoTime() - t0) / 1e9);
        }
        return aliases;
    }

    private List<String> createGroups(String realm) {
        Map<String, String> ids = new HashMap<>();
        List<String> leafIds = new ArrayList<>();
        for (String[] g : GROUPS) {
            String[] parts = g[0].substring(1).split("/");
            String parent = null;
            String path = "";
            for (String part : parts) {
                path += "/" + part;
                String existing = ids.get(path);
                if (existing == null) {
                    String url = parent == null ? "/admin/realms/" + realm + "/groups"
                            : "/admin/realms/" + realm + "/groups/" + parent + "/children";
                    existing = admin.postJson(url, Map.of("name", part)).ok("Create group " + path).createdId();
                    ids.put(path, existing);
                }
                parent = existing;
            }
            leafIds.add(parent);
        }
        return leafIds;
    }

    private void insertUsers(String realm, String realmId, Users users, List<String> groupIds) throws SQLException {
        try (Connection c = server.openJdbc()) {
            c.setAutoCommit(false);
            String defaultRole;
            try (PreparedStatement ps = c.prepareStatement("SELECT ID FROM KEYCLOAK_ROLE WHERE REALM_ID = ? AND NAME = ?"
                    + " AND CLIENT_ROLE = FALSE")) {
                ps.setString(1, realmId);
                ps.setString(2, "default-roles-" + realm);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) throw new IllegalStateException("No default-roles-" + realm + " role");
                    defaultRole = rs.getString(1);
                }
            }
            int chunk = 1000;
            for (int from = 0; from < users.size(); from += chunk) {
                int to = Math.min(users.size(), from + chunk);
                List<Object[]> userRows = new ArrayList<>(), roleRows = new ArrayList<>(), memberRows = new ArrayList<>();
                for (int u = from; u < to; u++) {
                    String email = users.email(u, realm);
                    userRows.add(new Object[] {users.id[u], users.username[u], email, email, users.first[u], users.last[u],
                            users.enabled[u], users.emailVerified[u], users.created[u], realmId, 0, null, null});
                    // Keycloak gives every new user the realm's default roles.
                    roleRows.add(new Object[] {defaultRole, users.id[u]});
                    if (users.group[u] >= 0) {
                        memberRows.add(new Object[] {groupIds.get(users.group[u]), users.id[u], "UNMANAGED"});
                    }
                }
                insert(c, "USER_ENTITY", USER_COLUMNS, userRows);
                insert(c, "USER_ROLE_MAPPING", List.of("ROLE_ID", "USER_ID"), roleRows);
                insert(c, "USER_GROUP_MEMBERSHIP", MEMBERSHIP_COLUMNS, memberRows);
            }
            c.commit();
        }
    }

    // ------------------------------------------------------------------ plan

    /** Sessions sorted by day: user, day, and the parts of the session that fix its event count. */
    private static final class Plan {
        int size;
        int[] user = new int[1024];
        short[] day = new short[1024];
        byte[] failed = new byte[1024];
        byte[] actions = new byte[1024];
        long[] seed = new long[1024];
        int[] dayStart; // index of the first session of each day, plus a final end index
        int[] sessionsPerUser;

        void add(int u, int d, int f, int a, long s) {
            if (size == user.length) {
                int n = size * 2;
                user = Arrays.copyOf(user, n);
                day = Arrays.copyOf(day, n);
                failed = Arrays.copyOf(failed, n);
                actions = Arrays.copyOf(actions, n);
                seed = Arrays.copyOf(seed, n);
            }
            user[size] = u;
            day[size] = (short) d;
            failed[size] = (byte) f;
            actions[size] = (byte) a;
            seed[size] = s;
            size++;
        }
    }

    /**
     * Draws sessions (user by weight, day by weekday/trend weight among the days the user existed)
     * until the planned events reach {@code target} exactly, then orders them by day.
     */
    private static Plan plan(Users users, long target, SplittableRandom rnd, LocalDate firstDay) {
        int n = users.size();
        double[] dayCum = new double[DAYS];
        double dacc = 0;
        for (int d = 0; d < DAYS; d++) {
            DayOfWeek dow = firstDay.plusDays(d).getDayOfWeek();
            double w = switch (dow) {
                case SATURDAY -> 0.18;
                case SUNDAY -> 0.12;
                case FRIDAY -> 0.85;
                case MONDAY -> 1.05;
                default -> 1.0;
            };
            w *= 0.8 + 0.4 * d / (DAYS - 1.0); // the organisation grows over the year
            dacc += w;
            dayCum[d] = dacc;
        }
        // A user's weight is a rate: someone who joined last week gets a week's share, not a year's.
        double[] userCum = new double[n];
        double acc = 0;
        for (int u = 0; u < n; u++) {
            int minDay = users.createdDay[u] + 1;
            double share = (dacc - (minDay == 0 ? 0 : dayCum[minDay - 1])) / dacc;
            acc += users.weight[u] * share;
            userCum[u] = acc;
        }
        // Every active user gets one session first (in a shuffled order), so that the share of
        // never-active users is the one configured; the rest go by weight.
        int[] firstRound = new int[n];
        int actives = 0;
        for (int u = 0; u < n; u++) {
            if (users.weight[u] > 0) firstRound[actives++] = u;
        }
        for (int i = actives - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = firstRound[i];
            firstRound[i] = firstRound[j];
            firstRound[j] = t;
        }
        Plan raw = new Plan();
        long planned = 0;
        int drawn = 0;
        while (planned < target && acc > 0) {
            int u = drawn < actives ? firstRound[drawn++] : search(userCum, rnd.nextDouble() * acc);
            int minDay = users.createdDay[u] + 1;
            double lo = minDay == 0 ? 0 : dayCum[minDay - 1];
            int d = search(dayCum, lo + rnd.nextDouble() * (dayCum[DAYS - 1] - lo));
            int failed = rnd.nextDouble() < FAILED_LOGIN_SESSION_SHARE ? (rnd.nextDouble() < 0.25 ? 2 : 1) : 0;
            int actions = 5 + (int) (36 * Math.pow(rnd.nextDouble(), 1.4));
            long left = target - planned;
            if (1 + failed + actions > left) {
                // The last session is cut so that the total is exact.
                failed = (int) Math.min(failed, left - 1);
                actions = (int) (left - 1 - failed);
            }
            raw.add(u, d, failed, actions, rnd.nextLong());
            planned += 1 + failed + actions;
        }
        // Counting sort by day.
        int[] perDay = new int[DAYS + 1];
        for (int i = 0; i < raw.size; i++) perDay[raw.day[i] + 1]++;
        for (int d = 0; d < DAYS; d++) perDay[d + 1] += perDay[d];
        Plan sorted = new Plan();
        sorted.user = new int[raw.size];
        sorted.day = new short[raw.size];
        sorted.failed = new byte[raw.size];
        sorted.actions = new byte[raw.size];
        sorted.seed = new long[raw.size];
        sorted.size = raw.size;
        sorted.dayStart = perDay.clone();
        int[] next = perDay.clone();
        sorted.sessionsPerUser = new int[n];
        for (int i = 0; i < raw.size; i++) {
            int at = next[raw.day[i]]++;
            sorted.user[at] = raw.user[i];
            sorted.day[at] = raw.day[i];
            sorted.failed[at] = raw.failed[i];
            sorted.actions[at] = raw.actions[i];
            sorted.seed[at] = raw.seed[i];
            sorted.sessionsPerUser[raw.user[i]]++;
        }
        return sorted;
    }

    /** The first index whose cumulative value exceeds {@code x}. */
    private static int search(double[] cum, double x) {
        int i = Arrays.binarySearch(cum, x);
        i = i >= 0 ? i + 1 : -i - 1;
        return Math.min(i, cum.length - 1);
    }

    // ------------------------------------------------------------------ events

    private static final class Counters {
        final AtomicLong logins = new AtomicLong(), failed = new AtomicLong(), actions = new AtomicLong();
        final AtomicLong written = new AtomicLong();
        /** Where the time goes (nanoseconds summed over threads): generating, and each write step. */
        final LongAdder generateNanos = new LongAdder(), loginNanos = new LongAdder(), actionNanos = new LongAdder(),
                keycloakNanos = new LongAdder(), commitNanos = new LongAdder();

        String profile() {
            return String.format(Locale.ROOT, "generate %.1f s, writeLogins %.1f s, writeActions %.1f s, EVENT_ENTITY %.1f s,"
                    + " commit %.1f s (summed over threads)", generateNanos.sum() / 1e9, loginNanos.sum() / 1e9,
                    actionNanos.sum() / 1e9, keycloakNanos.sum() / 1e9, commitNanos.sum() / 1e9);
        }
    }

    /** One generated event, in time order within a day; exactly one of the three rows is set (login rows also carry their EVENT_ENTITY twin). */
    private record Event(long time, LoginRow login, Object[] keycloakEvent, ActionRow action) {
    }

    private Counters writeEvents(String realm, String realmId, Users users, Plan plan, long firstDayStart, long anchor)
            throws Exception {
        Counters counters = new Counters();
        AtomicInteger nextDay = new AtomicInteger();
        long total = plan.size == 0 ? 0 : countEvents(plan);
        long t0 = System.nanoTime();
        AtomicLong nextReport = new AtomicLong(Math.max(100_000, total / 10));
        ExecutorService pool = Executors.newFixedThreadPool(config.threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < config.threads; t++) {
            futures.add(pool.submit(() -> {
                try (Connection c = server.openJdbc()) {
                    c.setAutoCommit(false);
                    AnalyticsWriter writer = new AnalyticsWriter(c);
                    int d;
                    while ((d = nextDay.getAndIncrement()) < DAYS) {
                        long g0 = System.nanoTime();
                        List<Event> events = dayEvents(realm, realmId, users, plan, d, firstDayStart + d * DAY, anchor);
                        counters.generateNanos.add(System.nanoTime() - g0);
                        for (int from = 0; from < events.size(); from += config.batch) {
                            List<Event> batch = events.subList(from, Math.min(events.size(), from + config.batch));
                            writeBatch(c, writer, batch, counters);
                            long done = counters.written.addAndGet(batch.size());
                            long mark = nextReport.get();
                            if (done >= mark && nextReport.compareAndSet(mark, mark + Math.max(100_000, total / 10))) {
                                double s = (System.nanoTime() - t0) / 1e9;
                                System.out.printf(Locale.ROOT, "[gen] %s: %,d / %,d events (%.0f%%), %.0f events/s%n",
                                        realm, done, total, 100.0 * done / total, done / s);
                            }
                        }
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        for (Future<?> f : futures) {
            f.get();
        }
        return counters;
    }

    private static long countEvents(Plan plan) {
        long n = 0;
        for (int i = 0; i < plan.size; i++) n += 1 + plan.failed[i] + plan.actions[i];
        return n;
    }

    /**
     * Writes one batch in two transactions, as the product does (the login writer and the action
     * endpoint each commit their own): logins with their EVENT_ENTITY twins, then actions. One
     * transaction for both would apply two sorted roll-up passes and could deadlock against the
     * other loader thread. A transaction that loses a race is retried, as the product's are.
     */
    private static void writeBatch(Connection c, AnalyticsWriter writer, List<Event> batch, Counters counters)
            throws SQLException {
        List<LoginRow> logins = new ArrayList<>();
        List<Object[]> keycloakEvents = new ArrayList<>();
        List<ActionRow> actions = new ArrayList<>();
        for (Event e : batch) {
            if (e.login != null) {
                logins.add(e.login);
                keycloakEvents.add(e.keycloakEvent);
            } else {
                actions.add(e.action);
            }
        }
        if (!logins.isEmpty()) {
            inTransaction(c, () -> {
                long t0 = System.nanoTime();
                writer.writeLogins(logins);
                long t1 = System.nanoTime();
                insert(c, "EVENT_ENTITY", eventColumns, keycloakEvents);
                long t2 = System.nanoTime();
                c.commit();
                counters.loginNanos.add(t1 - t0);
                counters.keycloakNanos.add(t2 - t1);
                counters.commitNanos.add(System.nanoTime() - t2);
            });
        }
        if (!actions.isEmpty()) {
            inTransaction(c, () -> {
                long t0 = System.nanoTime();
                int stored = writer.writeActions(actions).size();
                if (stored != actions.size()) {
                    throw new IllegalStateException("Writer stored " + stored + " of " + actions.size() + " actions");
                }
                long t1 = System.nanoTime();
                c.commit();
                counters.actionNanos.add(t1 - t0);
                counters.commitNanos.add(System.nanoTime() - t1);
            });
        }
        for (LoginRow l : logins) {
            (l.success() ? counters.logins : counters.failed).incrementAndGet();
        }
        counters.actions.addAndGet(actions.size());
    }

    @FunctionalInterface
    private interface Work {
        void run() throws SQLException;
    }

    /**
     * A race the product's writers run again ({@link WriteRetry#isRetryable}: a deadlock, a
     * serialization failure, two threads inserting the same new user's latest activity), also when
     * reported as the next exception of a batch.
     */
    private static boolean isTransient(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (WriteRetry.isRetryable(x)) return true;
        }
        return false;
    }

    private static void inTransaction(Connection c, Work work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                work.run();
                return;
            } catch (SQLException e) {
                c.rollback();
                if (attempt >= WriteRetry.ATTEMPTS || !isTransient(e)) {
                    throw e;
                }
                System.out.println("[gen] retrying a batch after " + e.getMessage().lines().findFirst().orElse(""));
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Every event of day {@code d}, in time order; depends only on the plan (any thread may build any day). */
    private static List<Event> dayEvents(String realm, String realmId, Users users, Plan plan, int d, long dayStart,
                                         long anchor) {
        List<Event> out = new ArrayList<>();
        // Sessions must end before the anchor (now): on the last day, squeeze the clock into the hours so far.
        long latestStart = anchor - 16 * 60_000L;
        double squeeze = dayStart + DAY > latestStart ? Math.max(0, latestStart - dayStart) / (double) DAY : 1;
        for (int i = plan.dayStart[d]; i < plan.dayStart[d + 1]; i++) {
            SplittableRandom r = new SplittableRandom(plan.seed[i]);
            int u = plan.user[i];
            long start = dayStart + (long) (timeOfDay(r) * squeeze);
            String client = r.nextDouble() < 0.75 ? CLIENTS[0] : CLIENTS[1];
            String ip = client.equals(CLIENTS[0]) ? users.ip[u] : "100.64." + r.nextInt(256) + "." + r.nextInt(256);
            String username = users.username[u];
            long t = start - plan.failed[i] * 30_000L;
            for (int f = 0; f < plan.failed[i]; f++) {
                t += 5_000 + r.nextInt(25_000);
                LoginRow row = new LoginRow(uuid7(t, r), realmId, users.id[u], client, LoginRow.LOGIN_ERROR, false,
                        "invalid_user_credentials", ip, t).withOrganizations(users.organizations.get(u));
                out.add(new Event(t, row, keycloakEvent(r, row, null, username), null));
            }
            String sessionId = sessionId(r);
            LoginRow login = new LoginRow(uuid7(start, r), realmId, users.id[u], client, LoginRow.LOGIN, true, null, ip, start)
                    .withOrganizations(users.organizations.get(u));
            out.add(new Event(start, login, keycloakEvent(r, login, sessionId, username), null));
            int n = plan.actions[i];
            long[] offsets = new long[n];
            for (int a = 0; a < n; a++) offsets[a] = 1_000 + r.nextLong(14 * 60_000L);
            Arrays.sort(offsets);
            // The candidates this session works on.
            int pool = 2 + r.nextInt(8);
            int[] candidates = new int[pool];
            for (int k = 0; k < pool; k++) candidates[k] = r.nextInt(20_000);
            for (int a = 0; a < n; a++) {
                long at = start + offsets[a];
                out.add(new Event(at, null, null, action(r, realmId, users.id[u], client, at, candidates,
                        users.organizations.get(u))));
            }
        }
        out.sort((a, b) -> Long.compare(a.time, b.time));
        return out;
    }

    private static ActionRow action(SplittableRandom r, String realmId, String userId, String client, long at,
                                    int[] candidates, List<String> organizations) {
        double p = r.nextDouble();
        int kind = 0;
        while (p >= ACTION_CUMULATIVE[kind]) kind++;
        String name = ACTIONS[kind];
        int cand = candidates[r.nextInt(candidates.length)];
        String candId = "cand-" + cand;
        String candName = FIRST[cand % FIRST.length] + " " + LAST[(cand / FIRST.length) % LAST.length];
        String page, type, targetId, targetName, props;
        switch (kind) {
            case 0 -> {
                page = "/candidates/" + cand;
                type = "candidate";
                targetId = candId;
                targetName = candName;
                props = "{\"source\":\"" + SOURCES[r.nextInt(SOURCES.length)] + "\"}";
            }
            case 1 -> {
                page = "/candidates/" + cand + "/resume";
                type = "candidate";
                targetId = candId;
                targetName = candName;
                props = "{\"format\":\"" + (r.nextDouble() < 0.8 ? "pdf" : "docx") + "\"}";
            }
            case 2 -> {
                int job = r.nextInt(5_000);
                page = "/jobs/new";
                type = "job";
                targetId = "job-" + job;
                targetName = JOB_TITLES[job % JOB_TITLES.length];
                props = "{\"department\":\"" + DEPARTMENTS[job % DEPARTMENTS.length] + "\",\"remote\":" + (job % 3 == 0) + "}";
            }
            default -> {
                page = "/candidates/" + cand + "/interviews/new";
                type = "candidate";
                targetId = candId;
                targetName = candName;
                props = "{\"stage\":\"" + STAGES[r.nextInt(STAGES.length)] + "\"}";
            }
        }
        return new ActionRow(uuid7(at, r), realmId, userId, client, name, null, at, at + 50 + r.nextInt(2_000), page,
                type, targetId, targetName, props, organizations);
    }

    /** Milliseconds into the day, by {@link #HOUR_WEIGHTS}. */
    private static long timeOfDay(SplittableRandom r) {
        double total = 0;
        for (double w : HOUR_WEIGHTS) total += w;
        double x = r.nextDouble() * total;
        int h = 0;
        while (h < 23 && x >= HOUR_WEIGHTS[h]) {
            x -= HOUR_WEIGHTS[h];
            h++;
        }
        return h * 3_600_000L + r.nextLong(3_600_000L);
    }

    /** The row Keycloak's JPA event store writes for the same login (details as a browser-flow login has them). */
    private static Object[] keycloakEvent(SplittableRandom r, LoginRow row, String sessionId, String username) {
        String details = row.success()
                ? "{\"auth_method\":\"openid-connect\",\"auth_type\":\"code\",\"response_type\":\"code\",\"redirect_uri\":\"https://"
                  + row.clientId() + ".example.com/\",\"consent\":\"no_consent_required\",\"code_id\":\"" + sessionId
                  + "\",\"username\":\"" + username + "\"}"
                : "{\"auth_method\":\"openid-connect\",\"auth_type\":\"code\",\"redirect_uri\":\"https://" + row.clientId()
                  + ".example.com/\",\"code_id\":\"" + sessionId(r) + "\",\"username\":\"" + username + "\"}";
        return new Object[] {uuid4(r).toString(), row.time(), row.type(), row.realmId(), row.clientId(), row.userId(),
                sessionId, row.ipAddress(), row.error(), details};
    }

    private static String sessionId(SplittableRandom r) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char[] c = new char[24];
        for (int i = 0; i < c.length; i++) c[i] = alphabet.charAt(r.nextInt(64));
        return new String(c);
    }

    private static UUID uuid4(SplittableRandom r) {
        long msb = r.nextLong() & ~0xF000L | 0x4000L;
        long lsb = r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** The layout of the product's {@code Ids.timeOrdered}, from the event time and a seeded generator. */
    private static String uuid7(long millis, SplittableRandom r) {
        long msb = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (r.nextInt() & 0x0FFFL);
        long lsb = r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb).toString();
    }

    // ------------------------------------------------------------------ Keycloak tables

    private static final List<String> USER_COLUMNS = List.of("ID", "USERNAME", "EMAIL", "EMAIL_CONSTRAINT",
            "FIRST_NAME", "LAST_NAME", "ENABLED", "EMAIL_VERIFIED", "CREATED_TIMESTAMP", "REALM_ID", "NOT_BEFORE",
            "SERVICE_ACCOUNT_CLIENT_LINK", "FEDERATION_LINK");
    private static final List<String> MEMBERSHIP_COLUMNS = List.of("GROUP_ID", "USER_ID", "MEMBERSHIP_TYPE");
    /** Keycloak 26 writes event details to DETAILS_JSON_LONG_VALUE; older schemas only have DETAILS_JSON. */
    private static List<String> eventColumns = List.of("ID", "EVENT_TIME", "TYPE", "REALM_ID", "CLIENT_ID", "USER_ID",
            "SESSION_ID", "IP_ADDRESS", "ERROR", "DETAILS_JSON_LONG_VALUE");

    /**
     * Checks that the columns written here exist in the schema Keycloak created and that every
     * NOT NULL column without a default is among them; fails with the table's real columns otherwise.
     */
    private static void checkSchema(Connection c) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        columns.put("USER_ENTITY", USER_COLUMNS);
        columns.put("USER_ROLE_MAPPING", List.of("ROLE_ID", "USER_ID"));
        columns.put("USER_GROUP_MEMBERSHIP", MEMBERSHIP_COLUMNS);
        Map<String, String> eventTable = describe(c, "EVENT_ENTITY");
        if (!eventTable.containsKey("DETAILS_JSON_LONG_VALUE")) {
            List<String> cols = new ArrayList<>(eventColumns);
            cols.set(cols.indexOf("DETAILS_JSON_LONG_VALUE"), "DETAILS_JSON");
            eventColumns = List.copyOf(cols);
        }
        columns.put("EVENT_ENTITY", eventColumns);
        for (Map.Entry<String, List<String>> e : columns.entrySet()) {
            Map<String, String> actual = describe(c, e.getKey());
            for (String col : e.getValue()) {
                if (!actual.containsKey(col)) {
                    throw new IllegalStateException(e.getKey() + " has no column " + col + "; its columns: " + actual);
                }
            }
            actual.forEach((col, info) -> {
                if (info.startsWith("NOT NULL") && !info.contains("default") && !e.getValue().contains(col)) {
                    throw new IllegalStateException(e.getKey() + "." + col + " is NOT NULL without default and not written; columns: " + actual);
                }
            });
        }
        System.out.println("[gen] schema check: USER_ENTITY, USER_ROLE_MAPPING, USER_GROUP_MEMBERSHIP, EVENT_ENTITY columns as expected");
    }

    /** Column name (upper case) to "NOT NULL"/"NULL" plus " default" when it has one. */
    private static Map<String, String> describe(Connection c, String table) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, is_nullable, column_default FROM"
                + " information_schema.columns WHERE table_schema = current_schema() AND LOWER(table_name) = LOWER(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1).toUpperCase(Locale.ROOT),
                            ("NO".equals(rs.getString(2)) ? "NOT NULL" : "NULL") + (rs.getString(3) != null ? " default" : ""));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("No table " + table + " in Keycloak's schema");
        }
        return out;
    }

    /** Multi-row INSERTs of at most 500 rows. */
    private static void insert(Connection c, String table, List<String> columns, List<Object[]> rows) throws SQLException {
        String tuple = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        for (int from = 0; from < rows.size(); from += 500) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + 500));
            String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
                    + String.join(", ", Collections.nCopies(chunk.size(), tuple));
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int i = 0;
                for (Object[] row : chunk) {
                    for (Object v : row) {
                        i++;
                        if (v == null) ps.setNull(i, Types.VARCHAR);
                        else if (v instanceof String s) ps.setString(i, s);
                        else if (v instanceof Long l) ps.setLong(i, l);
                        else if (v instanceof Integer n) ps.setInt(i, n);
                        else if (v instanceof Boolean b) ps.setBoolean(i, b);
                        else throw new IllegalArgumentException("Unsupported value " + v);
                    }
                }
                ps.executeUpdate();
            }
        }
    }

    // ------------------------------------------------------------------ validation

    /**
     * Checks the database against what was generated: raw row counts, roll-up sums equal to raw
     * counts (in total and per action name), all-time totals, Keycloak's EVENT_ENTITY logins, and
     * Keycloak's own user count through the admin API. Throws on the first difference.
     */
    /** What a kept database holds (see {@code it.reuseDb}), counted from its tables; load time 0. */
    public Result describeLoaded() throws SQLException {
        List<RealmLoad> realms = new ArrayList<>();
        try (Connection c = server.openJdbc(); PreparedStatement ps = c.prepareStatement(
                "SELECT ID, NAME FROM REALM WHERE NAME = ? OR NAME LIKE ? ORDER BY NAME")) {
            ps.setString(1, BIG_REALM);
            ps.setString(2, SMALL_REALM_PREFIX + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    long users = count(c, "SELECT COUNT(*) FROM USER_ENTITY WHERE REALM_ID = ? AND SERVICE_ACCOUNT_CLIENT_LINK IS NULL", id);
                    long active = count(c, "SELECT COUNT(*) FROM OA_USER_TOTALS WHERE REALM_ID = ?", id);
                    long grouped = count(c, "SELECT COUNT(*) FROM USER_GROUP_MEMBERSHIP m JOIN USER_ENTITY u ON u.ID = m.USER_ID"
                            + " JOIN KEYCLOAK_GROUP g ON g.ID = m.GROUP_ID WHERE u.REALM_ID = ? AND g.TYPE = 0", id);
                    List<String> aliases = new ArrayList<>();
                    try (PreparedStatement o = c.prepareStatement("SELECT ALIAS FROM ORG WHERE REALM_ID = ? ORDER BY ALIAS")) {
                        o.setString(1, id);
                        try (ResultSet ors = o.executeQuery()) {
                            while (ors.next()) aliases.add(ors.getString(1));
                        }
                    }
                    long logins = count(c, "SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ? AND SUCCESS = TRUE", id);
                    long failed = count(c, "SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ? AND SUCCESS = FALSE", id);
                    long actions = count(c, "SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", id);
                    realms.add(new RealmLoad(rs.getString(2), id, (int) users, (int) active, (int) grouped, logins, logins,
                            failed, actions, 0, aliases));
                }
            }
        }
        if (realms.stream().noneMatch(r -> r.name().equals(BIG_REALM))) {
            throw new IllegalStateException("No realm " + BIG_REALM + " in the reused database");
        }
        System.out.println("[gen] reused: " + realms);
        return new Result(realms, System.currentTimeMillis(), 0);
    }

    public void validate(Result result) throws SQLException {
        long t0 = System.nanoTime();
        try (Connection c = server.openJdbc()) {
            for (RealmLoad r : result.realms()) {
                String id = r.id();
                long loginRows = count(c, "SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ?", id);
                long logins = count(c, "SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ? AND SUCCESS = TRUE"
                        + " AND EVENT_TYPE = 'LOGIN' AND USER_ID IS NOT NULL", id);
                long failed = count(c, "SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = ? AND SUCCESS = FALSE"
                        + " AND EVENT_TYPE = 'LOGIN_ERROR' AND USER_ID IS NOT NULL", id);
                Map<String, Long> rawByAction = grouped(c, "SELECT ACTION, COUNT(*) FROM OA_ACTION WHERE REALM_ID = ? GROUP BY ACTION", id);
                long actions = rawByAction.values().stream().mapToLong(Long::longValue).sum();
                long[] activity = longs(c, "SELECT COALESCE(SUM(LOGINS), 0), COALESCE(SUM(FAILED_LOGINS), 0),"
                        + " COALESCE(SUM(ACTIONS), 0), COUNT(*) FROM OA_USER_ACTIVITY WHERE REALM_ID = ?", id);
                Map<String, Long> rollupByAction = grouped(c, "SELECT ACTION, SUM(ACTION_COUNT) FROM OA_USER_ACTION_COUNT"
                        + " WHERE REALM_ID = ? GROUP BY ACTION", id);
                long[] totals = longs(c, "SELECT COALESCE(SUM(LOGINS), 0), COALESCE(SUM(FAILED_LOGINS), 0),"
                        + " COALESCE(SUM(ACTIONS), 0), COUNT(*) FROM OA_USER_TOTALS WHERE REALM_ID = ?", id);
                long wrongLastLogin = count(c, "SELECT COUNT(*) FROM OA_USER_TOTALS t LEFT JOIN (SELECT USER_ID, MAX(EVENT_TIME) AS M"
                        + " FROM OA_LOGIN_EVENT WHERE REALM_ID = ? AND SUCCESS = TRUE GROUP BY USER_ID) x ON x.USER_ID = t.USER_ID"
                        + " WHERE t.REALM_ID = ? AND t.LAST_LOGIN_AT IS DISTINCT FROM x.M", id, id);
                long kcLogins = count(c, "SELECT COUNT(*) FROM EVENT_ENTITY WHERE REALM_ID = ? AND TYPE = 'LOGIN'", id);
                long kcFailed = count(c, "SELECT COUNT(*) FROM EVENT_ENTITY WHERE REALM_ID = ? AND TYPE = 'LOGIN_ERROR'", id);
                // Groups only: an organization's members are members of its group too (KEYCLOAK_GROUP.TYPE 1).
                long members = count(c, "SELECT COUNT(*) FROM USER_GROUP_MEMBERSHIP m JOIN USER_ENTITY u ON u.ID = m.USER_ID"
                        + " JOIN KEYCLOAK_GROUP g ON g.ID = m.GROUP_ID WHERE u.REALM_ID = ? AND g.TYPE = 0", id);
                long apiUsers = Long.parseLong(admin.getJson("/admin/realms/" + r.name() + "/users/count")
                        .ok("User count of " + r.name()).body().trim());

                expect(r.name() + " OA_LOGIN_EVENT rows", loginRows, r.logins() + r.failedLogins());
                expect(r.name() + " successful logins", logins, r.logins());
                expect(r.name() + " failed logins", failed, r.failedLogins());
                expect(r.name() + " OA_ACTION rows", actions, r.actions());
                expect(r.name() + " OA_USER_ACTIVITY.LOGINS sum = raw logins", activity[0], logins);
                expect(r.name() + " OA_USER_ACTIVITY.FAILED_LOGINS sum = raw failed logins", activity[1], failed);
                expect(r.name() + " OA_USER_ACTIVITY.ACTIONS sum = raw actions", activity[2], actions);
                if (!rollupByAction.equals(rawByAction)) {
                    throw new IllegalStateException(r.name() + ": OA_USER_ACTION_COUNT per action " + rollupByAction
                            + " differs from raw " + rawByAction);
                }
                expect(r.name() + " OA_USER_TOTALS.LOGINS sum", totals[0], logins);
                expect(r.name() + " OA_USER_TOTALS.FAILED_LOGINS sum", totals[1], failed);
                expect(r.name() + " OA_USER_TOTALS.ACTIONS sum", totals[2], actions);
                expect(r.name() + " OA_USER_TOTALS rows = active users", totals[3], r.activeUsers());
                expect(r.name() + " users whose LAST_LOGIN_AT differs from their latest raw login", wrongLastLogin, 0);
                long wrongDays = count(c, "SELECT COUNT(*) FROM (SELECT " + ExpectedDays.latestActivity() + " AS D,"
                        + " COUNT(*) AS N FROM OA_USER_LAST_ACTIVE WHERE REALM_ID = ? GROUP BY 1) a FULL JOIN (SELECT DAY_START AS D,"
                        + " SUM(USERS) AS N FROM OA_REALM_LAST_ACTIVE_DAY WHERE REALM_ID = ? GROUP BY 1 HAVING SUM(USERS) <> 0) d"
                        + " ON d.D = a.D WHERE a.N IS DISTINCT FROM d.N", id, id);
                expect(r.name() + " days whose count of last-active users differs from the users' latest activity", wrongDays, 0);
                // The day of the earlier of each user's creation and latest activity (store.LatestActiveDays).
                long wrongNewDays = count(c, "SELECT COUNT(*) FROM (SELECT " + ExpectedDays.newActivity() + " AS D, COUNT(*) AS N"
                        + " FROM OA_USER_LAST_ACTIVE WHERE REALM_ID = ? AND CREATED_AT IS NOT NULL GROUP BY 1) a FULL JOIN (SELECT DAY_START AS D,"
                        + " SUM(USERS) AS N FROM OA_REALM_NEW_ACTIVE_DAY WHERE REALM_ID = ? GROUP BY 1 HAVING SUM(USERS) <> 0) d"
                        + " ON d.D = a.D WHERE a.N IS DISTINCT FROM d.N", id, id);
                expect(r.name() + " days whose count of new active users differs from the users' rows", wrongNewDays, 0);
                expect(r.name() + " latest-activity rows without their user's creation time", count(c, "SELECT COUNT(*)"
                        + " FROM OA_USER_LAST_ACTIVE a JOIN USER_ENTITY u ON u.ID = a.USER_ID WHERE a.REALM_ID = ?"
                        + " AND a.CREATED_AT IS DISTINCT FROM u.CREATED_TIMESTAMP", id), 0);
                expect(r.name() + " EVENT_ENTITY LOGIN rows", kcLogins, r.logins());
                expect(r.name() + " EVENT_ENTITY LOGIN_ERROR rows", kcFailed, r.failedLogins());
                expect(r.name() + " group memberships", members, r.groupedUsers());
                expect(r.name() + " users/count through the admin API", apiUsers, r.users());
                if (!r.organizationAliases().isEmpty()) {
                    long[] attributed = longs(c, "SELECT COUNT(*) FILTER (WHERE e.EVENT_TYPE = 'LOGIN'),"
                            + " COUNT(*) FILTER (WHERE e.EVENT_TYPE = 'LOGIN_ERROR') FROM OA_LOGIN_EVENT_ORG lo"
                            + " JOIN OA_LOGIN_EVENT e ON e.ID = lo.EVENT_ID WHERE lo.REALM_ID = ?", id);
                    long attributedActions = count(c, "SELECT COUNT(*) FROM OA_ACTION_ORG WHERE REALM_ID = ?", id)
                            + count(c, "SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ? AND ORG_ID IS NOT NULL", id);
                    long[] orgRollup = longs(c, "SELECT COALESCE(SUM(LOGINS), 0), COALESCE(SUM(FAILED_LOGINS), 0),"
                            + " COALESCE(SUM(ACTIONS), 0) FROM OA_ORG_USER_ACTIVITY_MONTH WHERE REALM_ID = ?", id);
                    expect(r.name() + " organizations' month roll-ups: logins = attributed logins", orgRollup[0], attributed[0]);
                    expect(r.name() + " organizations' month roll-ups: failed logins", orgRollup[1], attributed[1]);
                    expect(r.name() + " organizations' month roll-ups: actions = attributed actions", orgRollup[2], attributedActions);
                    System.out.printf(Locale.ROOT, "[gen] valid %s organizations: %d, attributed %d logins, %d failed, %d actions%n",
                            r.name(), r.organizationAliases().size(), attributed[0], attributed[1], attributedActions);
                }
                System.out.printf(Locale.ROOT, "[gen] valid %s: %d users (%d active, %d grouped), %d logins, %d failed,"
                                + " %d actions %s, %d activity rows; roll-ups = raw rows%n", r.name(), apiUsers, r.activeUsers(),
                        r.groupedUsers(), logins, failed, actions, rawByAction, activity[3]);
            }
        }
        System.out.printf(Locale.ROOT, "[gen] validation passed in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    private static void expect(String what, long actual, long expected) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": " + actual + ", expected " + expected);
        }
    }

    static long count(Connection c, String sql, Object... params) throws SQLException {
        return longs(c, sql, params)[0];
    }

    static long[] longs(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long[] out = new long[rs.getMetaData().getColumnCount()];
                for (int i = 0; i < out.length; i++) out[i] = rs.getLong(i + 1);
                return out;
            }
        }
    }

    private static Map<String, Long> grouped(Connection c, String sql, String realmId) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, realmId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }
}
