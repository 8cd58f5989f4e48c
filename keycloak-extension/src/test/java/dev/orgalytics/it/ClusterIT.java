package dev.orgalytics.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.keycloak.representations.idm.RealmRepresentation;

import dev.orgalytics.store.ActionRow;
import dev.orgalytics.store.AnalyticsWriter;

/**
 * Two Keycloak nodes on one PostgreSQL database, first started together on a database that
 * already has {@value #EXISTING_REALMS} realms (issue 13). The tests run in order on one cluster:
 * the kill and the SIGTERM come last.
 *
 * <p>The exporter part: the metrics exporter is built after this module, so this test compares
 * the exact admin API answers the exporter turns into gauges ({@code /summary} and
 * {@code /leaderboard}, as its AdminApiClient asks them) on both nodes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    static final int EXISTING_REALMS = 40;
    private static final String REALM = "cluster";
    private static final int USERS = 8;
    private static final Pattern RETENTION_LOG = Pattern.compile("Org Analytics retention removed (at most )?(\\d+) rows");

    /** What every node gets: capture in every realm, quick flushes, a frequent retention job in small batches. */
    private static final List<String> NODE_ARGS = List.of(
            "--spi-events-listener-org-analytics-all-realms=true",
            "--spi-jpa-entity-provider-org-analytics-raw-retention-days=30",
            "--spi-jpa-entity-provider-org-analytics-retention-interval-seconds=3",
            "--spi-jpa-entity-provider-org-analytics-retention-batch-size=100");

    private static KeycloakCluster cluster;
    private static Path node2Dist;
    private static KeycloakCluster.Node node1;
    private static KeycloakCluster.Node node2;
    private static AdminClient admin1;
    private static AdminClient admin2;
    private static String realmId;
    private static final Map<String, String> USER_IDS = new ConcurrentHashMap<>();

    @BeforeAll
    static void startTwoNodesTogetherOnAnExistingInstallation() throws Exception {
        cluster = new KeycloakCluster();
        // An installation without the extension, with its realms.
        KeycloakCluster.Node seed = cluster.node("seed", cluster.build("plain", false), List.of());
        seed.launch().awaitReady(System.nanoTime());
        AdminClient seedAdmin = new AdminClient(seed.baseUrl());
        parallel(4, EXISTING_REALMS, i -> seedAdmin.createRealm("existing-" + i));
        seed.stop();
        assertEquals(0, count("SELECT COUNT(*) FROM pg_tables WHERE tablename LIKE 'oa\\_%'"),
                "the realms exist before the extension was ever started");

        Path withJar = cluster.build("node1", true);
        node2Dist = cluster.copy(withJar, "node2");
        node1 = cluster.node("node1", withJar, nodeArgs());
        node2 = cluster.node("node2", node2Dist, nodeArgs());
        long t0 = System.nanoTime();
        node1.launch();
        node2.launch();
        node1.awaitReady(t0);
        node2.awaitReady(t0);
        admin1 = new AdminClient(node1.baseUrl());
        admin2 = new AdminClient(node2.baseUrl());
    }

    private static List<String> nodeArgs() {
        List<String> args = new ArrayList<>(KeycloakServer.defaultArgs());
        args.addAll(NODE_ARGS);
        return args;
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void bothNodesSetUpEveryRealmOnceAndFormOneCluster() {
        assertTrue(node1.running() && node2.running());
        Fixtures.await("a cluster view of two nodes", Duration.ofSeconds(30), () -> node1.log().stream()
                .anyMatch(l -> l.contains("ISPN000094") && l.contains("(2)")));
        // Both started on a schema without the extension's changelog table: one created it, under the lock.
        assertEquals(1, Stream.of(node1, node2).filter(n -> n.log().stream()
                .anyMatch(l -> l.contains("created DATABASECHANGELOG_ORG_ANALYT while holding the database lock"))).count());
        long realms = count("SELECT COUNT(*) FROM REALM");
        assertEquals(EXISTING_REALMS + 1, realms);
        // The nodes were ready before the realms were set up: that runs in the background.
        Fixtures.await("every realm set up", Duration.ofSeconds(180), () -> count(
                "SELECT COUNT(*) FROM REALM_ATTRIBUTE WHERE NAME = 'org-analytics.setup-version' AND VALUE = '1'") == realms);
        Fixtures.await("the setup's log line", Duration.ofSeconds(10), () -> Stream.of(node1, node2)
                .anyMatch(n -> n.log().stream().anyMatch(l -> l.contains("org-analytics: set up "))));
        assertEquals(realms, count("SELECT COUNT(*) FROM KEYCLOAK_ROLE WHERE NAME = 'org-analytics-recorder' AND CLIENT_ROLE = FALSE"));
        assertEquals(realms, count("SELECT COUNT(*) FROM CLIENT WHERE CLIENT_ID = 'org-analytics-console'"));
        assertEquals(realms, count("SELECT COUNT(*) FROM OA_REPORT_GENERATION"));
        // Master's admin holds view-org-analytics of every realm's client in master; each realm's realm-admin its own.
        assertEquals(realms, count(composites("admin")));
        assertEquals(realms - 1, count(composites("realm-admin")));
        for (KeycloakCluster.Node node : List.of(node1, node2)) {
            assertTrue(node.log().stream().noneMatch(l -> l.contains("org-analytics: setup of realm")
                    || l.contains("realm setup stopped")), "no realm needed more than its retries on " + node.name);
        }
    }

    private static String composites(String parent) {
        return "SELECT COUNT(*) FROM COMPOSITE_ROLE c JOIN KEYCLOAK_ROLE p ON p.ID = c.COMPOSITE "
                + "JOIN KEYCLOAK_ROLE ch ON ch.ID = c.CHILD_ROLE WHERE p.NAME = '" + parent + "' AND ch.NAME = 'view-org-analytics'";
    }

    @Test
    @Order(2)
    void loginsAndActionsSpreadOverBothNodesGiveExactTotalsOnEither() throws Exception {
        RealmRepresentation rep = new RealmRepresentation();
        rep.setRealm(REALM);
        rep.setEnabled(true);
        rep.setPasswordPolicy("hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        admin1.createRealm(rep);
        admin2.createPublicClient(REALM, "web");
        realmId = admin1.getJson("/admin/realms/" + REALM).ok("realm").json().path("id").asText();
        for (int i = 0; i < USERS; i++) {
            USER_IDS.put("user" + i, (i % 2 == 0 ? admin1 : admin2).createUser(REALM, "user" + i, Fixtures.PASSWORD));
        }

        int logins = 40;
        List<String> tokens = Collections.synchronizedList(new ArrayList<>());
        parallel(4, logins, i -> tokens.add(login(i % 2 == 0 ? node1 : node2, "user" + (i % USERS))));
        // 60 requests of 10 actions, alternating nodes, each with a token from either node.
        int requests = 60;
        parallel(4, requests, i -> {
            List<Map<String, Object>> actions = new ArrayList<>();
            for (int k = 0; k < 10; k++) {
                actions.add(Map.of("action", k % 3 == 0 ? "job_posted" : "profile_viewed"));
            }
            Http.Response r = postActions(i % 2 == 0 ? node2 : node1, tokens.get(i % tokens.size()), Map.of("actions", actions));
            assertEquals(202, r.status(), r.body());
            assertEquals(10, r.json().path("accepted").asInt());
        });
        Fixtures.await("all logins stored", Duration.ofSeconds(30),
                () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = '" + realmId + "'") == logins);

        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String summary = "/admin/realms/" + REALM + "/org-analytics/summary?from=" + today + "&to=" + today;
        JsonNode s1 = admin1.getJson(summary).ok("summary on node1").json();
        JsonNode s2 = admin2.getJson(summary).ok("summary on node2").json();
        assertEquals(logins, s1.path("logins").asLong());
        assertEquals(requests * 10L, s1.path("actions").asLong());
        assertEquals(s1, s2, "both nodes answer the same");

        // Counters are per node: each counted what it served, and the two add up to the totals.
        List<PromText.Sample> m1 = scrape(node1);
        List<PromText.Sample> m2 = scrape(node2);
        double l1 = PromText.value(m1, "org_analytics_logins_total", Map.of("realm", REALM, "outcome", "success"));
        double l2 = PromText.value(m2, "org_analytics_logins_total", Map.of("realm", REALM, "outcome", "success"));
        assertEquals(logins / 2.0, l1, "node1 served every other login");
        assertEquals(logins, l1 + l2);
        assertEquals(requests * 10.0, actionsCounted(m1) + actionsCounted(m2));
        assertEquals(requests * 5.0, actionsCounted(m1), "node1 served half of the action requests");
    }

    @Test
    @Order(3)
    void theSameIdempotencyIdPostedToBothNodesAtOnceIsStoredOnce() throws Exception {
        String token = login(node1, "user1");
        int rounds = 10;
        for (int round = 0; round < rounds; round++) {
            String id = "dup-" + round;
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<JsonNode>> answers = new ArrayList<>();
                for (KeycloakCluster.Node node : List.of(node1, node2)) {
                    answers.add(pool.submit(() -> {
                        together.await();
                        Http.Response r = postActions(node, token, Map.of("action", "resume_downloaded", "id", id));
                        assertEquals(202, r.status(), r.body());
                        return r.json();
                    }));
                }
                int accepted = 0;
                int duplicates = 0;
                for (Future<JsonNode> a : answers) {
                    accepted += a.get().path("accepted").asInt();
                    duplicates += a.get().path("duplicates").asInt();
                }
                assertEquals(1, accepted, id);
                assertEquals(1, duplicates, id);
            } finally {
                pool.shutdownNow();
            }
        }
        assertEquals(rounds, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = '" + realmId + "' AND CLIENT_KEY LIKE 'dup-%'"));
        assertEquals(rounds, count("SELECT COALESCE(SUM(ACTION_COUNT), 0) FROM OA_REALM_ACTION_COUNT WHERE REALM_ID = '"
                + realmId + "' AND ACTION = 'resume_downloaded'"));
    }

    @Test
    @Order(4)
    void aUserDeletedThroughOneNodeIsGoneFromTheOtherNodesUsageAtOnce() throws Exception {
        // History in a closed period (15 days ago; closed after max-age-days 7 + 1): only a deletion changes it.
        Instant day = LocalDate.now(ZoneOffset.UTC).minusDays(15).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(3600);
        seedActions("user6", day, 30);
        seedActions("user7", day, 12);
        String from = LocalDate.now(ZoneOffset.UTC).minusDays(20).toString();
        String to = LocalDate.now(ZoneOffset.UTC).minusDays(10).toString();
        String usage = "/admin/realms/" + REALM + "/org-analytics/usage?interval=day&from=" + from + "&to=" + to;
        assertEquals(42, actionsIn(admin2.getJson(usage).ok("usage on node2").json()));
        assertEquals(42, actionsIn(admin1.getJson(usage).ok("usage on node1").json()));
        assertEquals(42, actionsIn(admin2.getJson(usage).ok("usage on node2, from its cache").json()));

        admin1.deleteUser(REALM, USER_IDS.remove("user6"));

        assertEquals(12, actionsIn(admin2.getJson(usage).ok("usage on node2 after the deletion").json()));
        assertEquals(12, actionsIn(admin1.getJson(usage).ok("usage on node1 after the deletion").json()));
        String summary = "/admin/realms/" + REALM + "/org-analytics/summary?from=" + from + "&to=" + to;
        assertEquals(12, admin2.getJson(summary).ok("summary on node2").json().path("actions").asLong());
    }

    @Test
    @Order(5)
    void retentionOnBothNodesDeletesEachRowOnceAndKeepsTheRollups() throws Exception {
        long before = retentionReported();
        Instant old = LocalDate.now(ZoneOffset.UTC).minusDays(45).atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(7200);
        int rows = 1500;
        seedActions("user5", old, rows);
        String day = LocalDate.ofInstant(old, ZoneOffset.UTC).toString();
        String usage = "/admin/realms/" + REALM + "/org-analytics/usage?interval=day&from=" + day + "&to=" + day;

        Fixtures.await("old raw rows swept", Duration.ofSeconds(60), () -> count(
                "SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = '" + realmId + "' AND OCCURRED_AT < " + old.plusSeconds(60).toEpochMilli()) == 0);
        // Each node logs what it deleted; a row deleted by one node is not counted by the other.
        Fixtures.await("the retention log lines", Duration.ofSeconds(10), () -> retentionReported() - before == rows);
        assertEquals(rows, retentionReported() - before);
        assertEquals(rows, actionsIn(admin1.getJson(usage).ok("usage on node1").json()), "roll-ups are kept");
        assertEquals(rows, actionsIn(admin2.getJson(usage).ok("usage on node2").json()), "roll-ups are kept");
    }

    @Test
    @Order(6)
    void theExporterReadsTheSameNumbersFromEitherNode() {
        String from = LocalDate.now(ZoneOffset.UTC).minusDays(29).toString();
        String to = LocalDate.now(ZoneOffset.UTC).toString();
        String base = "/admin/realms/" + REALM + "/org-analytics";
        for (String path : List.of(
                base + "/summary?from=" + from + "&to=" + to + "&tz=UTC",
                base + "/leaderboard?period=this_month&metric=actions&limit=10&tz=UTC",
                base + "/leaderboard?period=last_month&metric=actions&limit=10&tz=UTC")) {
            JsonNode a = admin1.getJson(path).ok(path + " on node1").json();
            JsonNode b = admin2.getJson(path).ok(path + " on node2").json();
            assertEquals(a, b, path);
        }
    }

    @Test
    @Order(7)
    void afterAKillEveryAcknowledgedActionIsStoredAndLoginsContinueOnTheOtherNode() throws Exception {
        String token = login(node2, "user2");
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> posters = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            posters.add(pool.submit(() -> {
                while (!stop.get()) {
                    String id = "crash-" + UUID.randomUUID();
                    try {
                        if (postActions(node2, token, Map.of("action", "interview_scheduled", "id", id)).status() == 202) {
                            acknowledged.add(id);
                        }
                    } catch (RuntimeException connectionLost) {
                        return;
                    }
                }
            }));
        }
        Fixtures.await("some acknowledged actions", Duration.ofSeconds(30), () -> acknowledged.size() >= 30);
        node2.kill();
        stop.set(true);
        for (Future<?> f : posters) {
            f.get();
        }
        pool.shutdown();

        List<String> ids = new ArrayList<>(acknowledged);
        assertEquals(ids.size(), countKeys(ids), "every action acknowledged before the kill is stored");

        long stored = count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = '" + realmId + "'");
        for (int i = 0; i < 5; i++) {
            login(node1, "user3"); // node2's user sessions and tokens are no concern of node1's logins
        }
        Fixtures.await("logins on node1 stored", Duration.ofSeconds(30),
                () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = '" + realmId + "'") == stored + 5);
        assertEquals(202, postActions(node1, token, Map.of("action", "job_posted")).status(),
                "a token node2 issued is still accepted by node1");
    }

    @Test
    @Order(8)
    void sigtermDrainsTheLoginsStillQueued() {
        // Node 2 comes back with a flush interval so long that its logins stay queued until it stops.
        List<String> slow = new ArrayList<>(NODE_ARGS);
        slow.add("--spi-events-listener-org-analytics-flush-interval-millis=600000");
        KeycloakCluster.Node queued = cluster.node("node2-queued", node2Dist, slow);
        queued.launch().awaitReady(System.nanoTime());
        long stored = count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = '" + realmId + "'");
        int logins = 12;
        for (int i = 0; i < logins; i++) {
            login(queued, "user4");
        }
        KeycloakServer.sleep(1000);
        assertEquals(stored, count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = '" + realmId + "'"),
                "the logins are still queued");
        queued.stop();
        assertEquals(stored + logins, count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE REALM_ID = '" + realmId + "'"),
                "a SIGTERM stores the queue before the JVM exits");
    }

    // ------------------------------------------------------------------------------------------

    private static String login(KeycloakCluster.Node node, String username) {
        Http.Response r = Http.postForm(node.baseUrl() + "/realms/" + REALM + "/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "web", "username", username, "password", Fixtures.PASSWORD));
        return r.ok("login of " + username + " on " + node.name).json().path("access_token").asText();
    }

    private static Http.Response postActions(KeycloakCluster.Node node, String token, Object body) {
        return Http.send("POST", node.baseUrl() + "/realms/" + REALM + "/org-analytics/actions", token, body);
    }

    /** Stored through the writer the extension uses, so raw rows and every roll-up agree. */
    private static void seedActions(String username, Instant at, int n) throws SQLException {
        String userId = USER_IDS.get(username);
        List<ActionRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t = at.toEpochMilli() + i;
            rows.add(new ActionRow(UUID.randomUUID().toString(), realmId, userId, "web", "profile_viewed", null,
                    t, t, null, null, null, null, null));
        }
        try (Connection c = cluster.openJdbc()) {
            c.setAutoCommit(false);
            new AnalyticsWriter(c).writeActions(rows);
            c.commit();
        }
    }

    private static long actionsIn(JsonNode usage) {
        long sum = 0;
        for (JsonNode bucket : usage.path("buckets")) {
            sum += bucket.path("actions").asLong();
        }
        return sum;
    }

    private static double actionsCounted(List<PromText.Sample> samples) {
        return samples.stream().filter(s -> s.name().equals("org_analytics_actions_total") && REALM.equals(s.labels().get("realm")))
                .mapToDouble(PromText.Sample::value).sum();
    }

    private static List<PromText.Sample> scrape(KeycloakCluster.Node node) {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.managementUrl() + "/metrics"))
                .header("Accept", "text/plain; version=0.0.4").build();
        try {
            return PromText.parse(java.net.http.HttpClient.newHttpClient()
                    .send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Rows the retention job reported deleting, over both nodes' logs. */
    private static long retentionReported() {
        long sum = 0;
        for (KeycloakCluster.Node node : List.of(node1, node2)) {
            for (String line : node.log()) {
                Matcher m = RETENTION_LOG.matcher(line);
                if (m.find()) {
                    sum += Long.parseLong(m.group(2));
                }
            }
        }
        return sum;
    }

    private static long countKeys(List<String> keys) throws SQLException {
        long found = 0;
        try (Connection c = cluster.openJdbc();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM OA_ACTION WHERE CLIENT_KEY = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("varchar", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                found = rs.getLong(1);
            }
        }
        return found;
    }

    private static long count(String sql) {
        try (Connection c = cluster.openJdbc(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run(int i) throws Exception;
    }

    /** Runs {@code step} for 0..n-1 on {@code threads} threads; fails with the first failure. */
    private static void parallel(int threads, int n, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    step.run(index);
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
