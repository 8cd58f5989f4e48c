package dev.orgalytics.bench;

import static dev.orgalytics.bench.BenchSupport.fmt;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;

import dev.orgalytics.it.AdminClient;
import dev.orgalytics.it.Http;
import dev.orgalytics.it.KeycloakServer;

/**
 * Response times of the admin reports API on a large realm (see {@link DataGenerator}), the
 * throughput of a CSV export of at least a million actions with Keycloak's heap watched, and
 * finding every user's last login through Keycloak's own events API against the users report.
 * Run with {@code benchmarks/run.sh api} (PostgreSQL).
 *
 * <p>The data is generated in every run: the test harness always starts Keycloak on a new
 * database and drops it on exit, so there is no loaded database to come back to. Raw rows are
 * kept for 400 days in this run ({@code raw-retention-days}), so that the year of raw rows the
 * generator writes is not swept while the benchmark runs.
 *
 * <p>System properties: those of {@link DataGenerator} for the sizes, {@code bench.runs} (15 timed
 * runs per request), {@code bench.warmup} (5), {@code bench.exportRows} (1000000 rows at least in the
 * export range), {@code bench.exportRuns} (3, after one warm-up export), {@code bench.lastLoginRuns}
 * (3 of each way), {@code bench.eventsPage} (1000 events per page of Keycloak's events API).
 */
public final class ApiBenchmark {

    private static final String REALM = DataGenerator.BIG_REALM;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final KeycloakServer server;
    private String token;
    private long tokenExpires;

    private ApiBenchmark(KeycloakServer server) {
        this.server = server;
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 15);
        int warmup = Integer.getInteger("bench.warmup", 5);
        long exportRows = Long.getLong("bench.exportRows", 1_000_000L);
        int exportRuns = Integer.getInteger("bench.exportRuns", 3);
        int lastLoginRuns = Integer.getInteger("bench.lastLoginRuns", 3);
        int eventsPage = Integer.getInteger("bench.eventsPage", 1000);
        // Paging a million LOGIN events takes minutes (each page an OFFSET further): fewer runs of it are enough.
        int eventsRuns = Integer.getInteger("bench.eventsRuns", lastLoginRuns);

        String extra = System.getProperty("keycloak.extraArgs", "");
        if (!extra.contains("raw-retention-days")) {
            System.setProperty("keycloak.extraArgs", extra + " --spi-jpa-entity-provider-org-analytics-raw-retention-days=400");
        }
        KeycloakServer server = KeycloakServer.get();
        DataGenerator.requirePostgres(server);
        DataGenerator.Config config = DataGenerator.Config.fromSystemProperties();
        DataGenerator generator = new DataGenerator(server, new AdminClient(), config);
        // With it.reuseDb the data of an earlier run (it.keepDb=true) is measured again: no load.
        boolean reused = !System.getProperty("it.reuseDb", "").isBlank();
        DataGenerator.Result data = reused ? generator.describeLoaded() : generator.generate();
        if (!reused) {
            generator.validate(data);
        }
        DataGenerator.RealmLoad big = data.realm(REALM);

        ApiBenchmark bench = new ApiBenchmark(server);
        String api = "/admin/realms/" + REALM + "/org-analytics";
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        // Targets of issue 14: the 50,000-user realm's, and ten times the users' (500,000 or more).
        boolean tenfold = big.users() >= 500_000;
        List<String[]> requests = new ArrayList<>(List.of(
                new String[] {"summary", api + "/summary", tenfold ? "50" : "30"},
                new String[] {"users", api + "/users?sort=actions&order=desc&max=50", tenfold ? "150" : "100"},
                new String[] {"users-login", api + "/users?sort=lastLoginAt&order=desc&max=50", tenfold ? "150" : "100"},
                new String[] {"usage", api + "/usage?interval=day&from=" + today.minusDays(364) + "&to=" + today, "100"},
                new String[] {"leaderboard", api + "/leaderboard?period=this_month", "30"}));
        List<String> orgs = big.organizationAliases();
        if (!orgs.isEmpty()) {
            // Issue 15's targets (bench.organizations=5000): the organizations report sorted by activity,
            // and the summary of one organization (the middle one of the aliases: an ordinary member count).
            String org = orgs.get(orgs.size() / 2);
            requests.add(new String[] {"orgs-actions", api + "/organizations?sort=actions&order=desc&max=50", "100"});
            requests.add(new String[] {"orgs-active", api + "/organizations?sort=activeMembers&order=desc&max=50", "100"});
            requests.add(new String[] {"org-summary", api + "/summary?organization=" + org, "30"});
            requests.add(new String[] {"org-usage", api + "/usage?interval=day&organization=" + org + "&from="
                    + today.minusDays(364) + "&to=" + today, "100"});
            requests.add(new String[] {"org-board", api + "/leaderboard?by=organization&period=this_month", "30"});
        }
        Map<String, List<Double>> timings = new HashMap<>();
        Map<String, Integer> sizes = new HashMap<>();
        Map<String, Double> cold = new HashMap<>();
        for (String[] r : requests) {
            bench.token();
            long c0 = System.nanoTime();
            Http.Response first = bench.get(r[1]);
            cold.put(r[0], (System.nanoTime() - c0) / 1e6);
            first.ok(r[0]);
            System.out.println("[api] " + r[0] + ": " + abbreviate(first.body()));
            sizes.put(r[0], first.body().length());
            for (int i = 0; i < warmup; i++) {
                bench.timed(r[1]);
            }
        }
        // Timed runs interleaved (one of each request per round), so that drift hits all alike.
        for (int i = 0; i < runs; i++) {
            for (String[] r : requests) {
                timings.computeIfAbsent(r[0], k -> new ArrayList<>()).add(bench.timed(r[1]));
            }
        }
        for (String[] r : requests) {
            System.out.printf(Locale.ROOT, "[api] %-11s median %s ms  %s%n", r[0], fmt(BenchSupport.median(timings.get(r[0]))),
                    text(timings.get(r[0])));
        }

        Export export = bench.export(big, exportRows, exportRuns);
        // Every user's last login: the whole users export, and the export of just the columns that answer it.
        LastLogin lastLogin = bench.lastLogin(big, "format=csv&sort=lastLoginAt&order=desc", lastLoginRuns, eventsRuns, eventsPage);
        LastLogin picked = bench.lastLogin(big, PICKED, lastLoginRuns, 0, eventsPage);

        System.out.println();
        System.out.printf(Locale.ROOT, "RESULT api db=%s realm=%s users=%d events=%d (logins=%d failed=%d actions=%d)"
                        + " smallRealms=%d x (%d users, %d events) runs=%d warmup=%d%n", server.db(), REALM, big.users(),
                big.events(), big.logins(), big.failedLogins(), big.actions(), config.smallRealms(), config.smallUsers(),
                config.smallEvents(), runs, warmup);
        System.out.printf(Locale.ROOT, (reused ? "RESULT load (reused database " + System.getProperty("it.reuseDb") + ") " : "RESULT load ")
                        + "%.0f s for %d realms, %d events in all (%.0f events/s), incl. VACUUM ANALYZE;"
                        + " loader threads=%d batch=%d%n", data.seconds(), data.realms().size(),
                data.realms().stream().mapToLong(DataGenerator.RealmLoad::events).sum(),
                data.realms().stream().mapToLong(DataGenerator.RealmLoad::events).sum() / data.seconds(),
                config.threads(), config.batch());
        for (String[] r : requests) {
            List<Double> t = timings.get(r[0]);
            double median = BenchSupport.median(t);
            double target = Double.parseDouble(r[2]);
            System.out.printf(Locale.ROOT, "RESULT %-11s median %7s ms  p90 %7s ms  min %7s ms  max %7s ms  first call %7s ms"
                            + "  (%d bytes; target <= %s ms: %s)  %s%n",
                    r[0], fmt(median), fmt(percentile(t, 0.9)), fmt(Collections.min(t)), fmt(Collections.max(t)), fmt(cold.get(r[0])),
                    sizes.get(r[0]), r[2], median <= target ? "met" : "MISSED", r[1].replace(api, ""));
        }
        System.out.printf(Locale.ROOT, "RESULT export-csv %s rows/s median  rows=%d  %s  (target >= 100000 rows/s: %s)"
                        + "  from=%s to=%s%n", fmt(export.medianRate), export.rows, export.rates,
                export.medianRate >= 100_000 ? "met" : "MISSED", export.from, export.to);
        System.out.printf(Locale.ROOT, "RESULT export-csv first byte after %s ms (target <= 500 ms: %s), first data row after %s ms%n",
                export.firstByteMs, export.firstByteMax <= 500 ? "met" : "MISSED", export.firstRowMs);
        System.out.printf(Locale.ROOT, "RESULT export-heap Keycloak heap used MiB: before %.0f, during max %.0f (min %.0f), after %.0f;"
                        + " after each export %s; heap max %.0f MiB; %d samples%n", export.heapBefore, export.heapDuringMax,
                export.heapDuringMin, export.heapAfter, export.heapAfterEach, export.heapMax, export.samples);
        System.out.printf(Locale.ROOT, "RESULT last-login events-api median %s ms %s (%d LOGIN events in %d pages of %d, %d users found)%n",
                fmt(lastLogin.eventsMedian), lastLogin.eventsMs, lastLogin.events, lastLogin.eventPages, eventsPage,
                lastLogin.usersFromEvents);
        for (LastLogin l : List.of(lastLogin, picked)) {
            String name = l == picked ? "users-csv(" + PICKED.replace("format=csv&", "") + ")" : "users-csv(all columns)";
            double csvRate = l.users / (l.readMedian / 1000);
            double ratio = lastLogin.eventsMedian / l.readMedian;
            System.out.printf(Locale.ROOT, "RESULT last-login %s read median %s ms %s = %s rows/s (target >= 100000: %s);"
                            + " with the client's conversion of the times to epoch ms median %s ms %s;"
                            + " %d users, %d with a last login; first byte after %s ms (target <= 500 ms: %s), first row after %s ms%n",
                    name, fmt(l.readMedian), l.readMs, fmt(csvRate), csvRate >= 100_000 ? "met" : "MISSED", fmt(l.usersMedian),
                    l.usersMs, l.users, l.usersWithLogin, l.firstByteMs, l.firstByteMax <= 500 ? "met" : "MISSED", l.firstRowMs);
            System.out.printf(Locale.ROOT, "RESULT last-login ratio events-api/%s = %.1f read (target >= 100: %s),"
                            + " %.1f with the conversion  (users whose last login differs from the events API: %d)%n", name, ratio,
                    ratio >= 100 ? "met" : "MISSED", lastLogin.eventsMedian / l.usersMedian,
                    l == picked ? mismatches(lastLogin.fromUsers, picked.fromUsers) : lastLogin.mismatches);
        }
        System.out.println("RESULT machine " + BenchSupport.machine());
        System.exit(0);
    }

    // ------------------------------------------------------------------ HTTP

    private synchronized String token() {
        if (token == null || System.currentTimeMillis() > tokenExpires - 20_000) {
            JsonNode json = Http.postForm(server.baseUrl() + "/realms/master/protocol/openid-connect/token", Map.of(
                    "grant_type", "password", "client_id", "admin-cli",
                    "username", KeycloakServer.ADMIN_USER, "password", KeycloakServer.ADMIN_PASSWORD)).ok("Admin login").json();
            token = json.path("access_token").asText();
            tokenExpires = System.currentTimeMillis() + json.path("expires_in").asLong() * 1000;
        }
        return token;
    }

    private HttpRequest request(String path, String accept) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token()).header("Accept", accept).GET().build();
    }

    private Http.Response get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(request(path, "application/json"), HttpResponse.BodyHandlers.ofString());
        return new Http.Response(r.statusCode(), r.body(), r.headers());
    }

    /** One request, the whole body read; milliseconds. The token is fetched before the clock starts. */
    private double timed(String path) throws IOException, InterruptedException {
        HttpRequest request = request(path, "application/json");
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
        double ms = (System.nanoTime() - t0) / 1e6;
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return ms;
    }

    // ------------------------------------------------------------------ CSV export

    private record Export(String from, String to, long rows, List<String> rates, double medianRate, List<String> firstByteMs,
                          double firstByteMax, List<String> firstRowMs, double heapBefore, double heapDuringMax, double heapDuringMin, double heapAfter,
                          List<String> heapAfterEach, double heapMax, int samples) {
    }

    /**
     * {@code GET /actions?format=csv} over the shortest range ending today that holds at least
     * {@code minRows} actions; rows counted as they stream in. A sampler reads Keycloak's heap from
     * the management interface's metrics every 200 ms meanwhile.
     */
    private Export export(DataGenerator.RealmLoad big, long minRows, int runs) throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = today;
        long rows = 0;
        Map<LocalDate, Long> perDay = new HashMap<>();
        try (Connection c = server.openJdbc(); PreparedStatement ps = c.prepareStatement(
                "SELECT OCCURRED_AT / 86400000, COUNT(*) FROM OA_ACTION WHERE REALM_ID = ? GROUP BY OCCURRED_AT / 86400000")) {
            ps.setString(1, big.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) perDay.put(LocalDate.ofEpochDay(rs.getLong(1)), rs.getLong(2));
            }
        }
        LocalDate earliest = today.minusDays(DataGenerator.DAYS - 1);
        while (true) {
            rows += perDay.getOrDefault(from, 0L);
            if (rows >= minRows || !from.isAfter(earliest)) break;
            from = from.minusDays(1);
        }
        String path = "/admin/realms/" + REALM + "/org-analytics/actions?format=csv&from=" + from + "&to=" + today;
        long total = get("/admin/realms/" + REALM + "/org-analytics/actions?max=1&from=" + from + "&to=" + today)
                .ok("actions total").json().path("total").asLong();
        System.out.printf(Locale.ROOT, "[export] %s: %d rows expected (JSON total %d)%n", path, rows, total);

        double heapMax = heap("jvm_memory_max_bytes");
        List<Double> samples = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sampling = new AtomicBoolean(false);
        AtomicBoolean stop = new AtomicBoolean(false);
        Thread sampler = new Thread(() -> {
            while (!stop.get()) {
                try {
                    if (sampling.get()) samples.add(heap("jvm_memory_used_bytes"));
                    Thread.sleep(200);
                } catch (Exception e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();

        System.out.println("[export] warm-up export...");
        streamCsv(path, rows);
        Thread.sleep(2_000);
        double before = heap("jvm_memory_used_bytes");
        List<Double> rates = new ArrayList<>();
        List<String> rateText = new ArrayList<>();
        List<String> afterEach = new ArrayList<>();
        List<String> firstByte = new ArrayList<>();
        List<String> firstRow = new ArrayList<>();
        double firstByteMax = 0;
        for (int i = 0; i < runs; i++) {
            sampling.set(true);
            double[] r = streamCsv(path, rows);
            sampling.set(false);
            rates.add(r[0]);
            rateText.add(fmt(r[0]));
            firstByte.add(fmt(r[1]));
            firstRow.add(fmt(r[2]));
            firstByteMax = Math.max(firstByteMax, r[1]);
            afterEach.add(String.format(Locale.ROOT, "%.0f", heap("jvm_memory_used_bytes") / 1048576));
            System.out.printf(Locale.ROOT, "[export] run %d: %s rows/s, first byte after %s ms, first row after %s ms%n",
                    i + 1, fmt(r[0]), fmt(r[1]), fmt(r[2]));
        }
        Thread.sleep(2_000);
        double after = heap("jvm_memory_used_bytes");
        stop.set(true);
        List<Double> during = new ArrayList<>(samples);
        double mib = 1048576;
        return new Export(from.toString(), today.toString(), rows, rateText, BenchSupport.median(rates), firstByte,
                firstByteMax, firstRow, before / mib, during.isEmpty() ? 0 : Collections.max(during) / mib,
                during.isEmpty() ? 0 : Collections.min(during) / mib, after / mib, afterEach, heapMax / mib, during.size());
    }

    /**
     * Streams one export, counting records (lines less the header); returns rows/s, ms to the first
     * byte (the header) and ms to the end of the first data row.
     */
    private double[] streamCsv(String path, long expectedRows) throws Exception {
        HttpRequest request = request(path, "text/csv");
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        long lines = 0;
        long firstByte = 0;
        long firstRow = 0;
        byte[] buf = new byte[256 * 1024];
        try (InputStream in = r.body()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (firstByte == 0) firstByte = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n' && ++lines == 2) firstRow = System.nanoTime();
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long rows = lines - 1;
        if (rows != expectedRows) {
            throw new IllegalStateException("Export streamed " + rows + " rows, expected " + expectedRows);
        }
        return new double[] {rows / seconds, (firstByte - t0) / 1e6, (firstRow - t0) / 1e6};
    }

    /** Sum over the heap pools of a {@code jvm_memory_*_bytes{area="heap"}} gauge from Keycloak's metrics. */
    private double heap(String metric) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(server.managementUrl() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("metrics: HTTP " + r.statusCode() + " (is --metrics-enabled=true set?)");
        }
        double sum = 0;
        boolean found = false;
        for (String line : r.body().split("\n")) {
            if (line.startsWith(metric + "{") && line.contains("area=\"heap\"")) {
                double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (v > 0) sum += v; // a pool without a limit reports -1
                found = true;
            }
        }
        if (!found) throw new IllegalStateException("No " + metric + "{area=\"heap\"} in Keycloak's metrics");
        return sum;
    }

    // ------------------------------------------------------------------ last login

    private record LastLogin(List<String> eventsMs, double eventsMedian, long events, int eventPages, int usersFromEvents,
                             List<String> usersMs, double usersMedian, List<String> readMs, double readMedian, long users,
                             int usersWithLogin, long mismatches, List<String> firstByteMs, double firstByteMax,
                             List<String> firstRowMs, Map<String, Long> fromUsers) {
    }

    /** The export of just the columns that answer "every user's last login". */
    private static final String PICKED = "format=csv&sort=lastLoginAt&order=desc&columns=id,lastLoginAt";

    /** Users whose last login differs between two answers (the events API's was checked against the first). */
    private static long mismatches(Map<String, Long> a, Map<String, Long> b) {
        long n = 0;
        for (Map.Entry<String, Long> e : a.entrySet()) {
            if (!b.containsKey(e.getKey()) || !java.util.Objects.equals(e.getValue(), b.get(e.getKey()))) n++;
        }
        return n + b.keySet().stream().filter(k -> !a.containsKey(k)).count();
    }

    /**
     * Every user's last login, two ways: paging through Keycloak's events API ({@code type=LOGIN},
     * newest first; every page must be read because users who never logged in never show up) and
     * keeping each user's latest time, versus one CSV export of the users report sorted by
     * {@code lastLoginAt}, read as it streams and its times parsed once the last row is in. The answers
     * are compared user by user.
     */
    private LastLogin lastLogin(DataGenerator.RealmLoad big, String query, int runs, int eventsRuns, int pageSize) throws Exception {
        List<Double> eventsMs = new ArrayList<>(), usersMs = new ArrayList<>(), readMs = new ArrayList<>();
        List<String> firstByte = new ArrayList<>(), firstRow = new ArrayList<>();
        double firstByteMax = 0;
        Map<String, Long> fromEvents = null, fromUsers = null;
        long events = 0, users = 0;
        int eventPages = 0;
        // One untimed export first: the events API gets its warm-up from its own first pages.
        lastLoginsFromUsersCsv(query, new double[3]);
        for (int i = 0; i < Math.max(runs, eventsRuns); i++) {
            if (i < eventsRuns) {
                long[] counts = new long[2];
                long t0 = System.nanoTime();
                fromEvents = lastLoginsFromEvents(pageSize, counts);
                eventsMs.add((System.nanoTime() - t0) / 1e6);
                events = counts[0];
                eventPages = (int) counts[1];
                System.out.printf(Locale.ROOT, "[last-login] run %d: events API %s ms (%d events)%n", i + 1,
                        fmt(eventsMs.get(i)), events);
            }
            if (i < runs) {
                double[] times = new double[3];
                long t0 = System.nanoTime();
                fromUsers = lastLoginsFromUsersCsv(query, times);
                usersMs.add((System.nanoTime() - t0) / 1e6);
                readMs.add(times[2]);
                users = fromUsers.size();
                firstByte.add(fmt(times[0]));
                firstRow.add(fmt(times[1]));
                firstByteMax = Math.max(firstByteMax, times[0]);
                System.out.printf(Locale.ROOT, "[last-login] run %d: users CSV %s ms (%d users; read to the last row in %s ms),"
                        + " first byte after %s ms, first row after %s ms%n", i + 1, fmt(usersMs.get(i)), users, fmt(times[2]),
                        fmt(times[0]), fmt(times[1]));
            }
        }
        long mismatches = 0;
        if (fromEvents == null) {
            fromEvents = Map.of(); // bench.eventsRuns=0: the users export alone
            eventsMs.add(Double.NaN);
            mismatches = -1;
        }
        for (Map.Entry<String, Long> e : mismatches < 0 ? Map.<String, Long>of().entrySet() : fromUsers.entrySet()) {
            if (!java.util.Objects.equals(e.getValue(), fromEvents.get(e.getKey()))) mismatches++;
        }
        for (String id : fromEvents.keySet()) {
            if (!fromUsers.containsKey(id)) mismatches++;
        }
        int withLogin = (int) fromUsers.values().stream().filter(java.util.Objects::nonNull).count();
        if (users != big.users()) {
            throw new IllegalStateException("Users export listed " + users + " users, expected " + big.users());
        }
        return new LastLogin(text(eventsMs), BenchSupport.median(eventsMs), events, eventPages, fromEvents.size(),
                text(usersMs), BenchSupport.median(usersMs), text(readMs), BenchSupport.median(readMs), users, withLogin, mismatches, firstByte, firstByteMax, firstRow, fromUsers);
    }

    private Map<String, Long> lastLoginsFromEvents(int pageSize, long[] counts) throws Exception {
        Map<String, Long> last = new HashMap<>();
        for (int first = 0; ; first += pageSize) {
            JsonNode page = get("/admin/realms/" + REALM + "/events?type=LOGIN&first=" + first + "&max=" + pageSize)
                    .ok("events page").json();
            counts[1]++;
            for (JsonNode e : page) {
                counts[0]++;
                last.merge(e.path("userId").asText(), e.path("time").asLong(), Math::max);
            }
            if (page.size() < pageSize) return last;
        }
    }

    /**
     * User id to last login (epoch ms, null when never), from one CSV export of the users report,
     * read as it arrives; {@code times} receives ms to the first byte, to the first record and to the
     * last, before the times are parsed.
     */
    private Map<String, Long> lastLoginsFromUsersCsv(String query, double[] times) throws Exception {
        String path = "/admin/realms/" + REALM + "/org-analytics/users?" + query;
        HttpRequest request = request(path, "text/csv");
        long t0 = System.nanoTime();
        HttpResponse<InputStream> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + ": HTTP " + r.statusCode() + " " + new String(r.body().readAllBytes(), StandardCharsets.UTF_8));
        }
        Map<String, String> texts = new HashMap<>();
        try (InputStream raw = r.body()) {
            java.io.PushbackInputStream in = new java.io.PushbackInputStream(raw, 1);
            int b = in.read();
            times[0] = (System.nanoTime() - t0) / 1e6;
            if (b >= 0) in.unread(b);
            org.apache.commons.csv.CSVParser parser = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader()
                    .setSkipHeaderRecord(true).get().parse(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            for (org.apache.commons.csv.CSVRecord rec : parser) {
                if (texts.isEmpty()) times[1] = (System.nanoTime() - t0) / 1e6;
                texts.put(rec.get("id"), rec.get("lastLoginAt"));
            }
        }
        times[2] = (System.nanoTime() - t0) / 1e6;
        // The answer is read; turning its times into epoch milliseconds is the comparison's work (the
        // events API answers numbers), timed separately: parsing 500,000 ISO-8601 times on this
        // machine's 2 cores took about as long as the export itself.
        Map<String, Long> last = new HashMap<>();
        texts.forEach((id, at) -> last.put(id, at.isEmpty() ? null : OffsetDateTime.parse(at).toInstant().toEpochMilli()));
        return last;
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> text(List<Double> values) {
        return values.stream().map(BenchSupport::fmt).toList();
    }

    private static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static String abbreviate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "... (" + s.length() + " chars)";
    }
}
