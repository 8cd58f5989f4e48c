package dev.orgalytics.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.opentest4j.TestAbortedException;

/**
 * One real Keycloak ({@code kc.sh start-dev}) per test JVM, with our provider jar installed.
 *
 * <p>Failsafe forks one JVM per database execution, so "per JVM" means one Keycloak per database.
 * The server starts lazily on the first {@link #get()} and is stopped by a shutdown hook, because
 * JUnit has no "after all test classes" callback that is reliable across classes.
 *
 * <p>System properties (set by the pom): {@code keycloak.home} (which distribution, so which
 * Keycloak version), {@code extension.jar}, {@code it.db} ({@code h2}|{@code postgres}|{@code mariadb});
 * optional {@code it.pass} (names the log; defaults to the database), {@code keycloak.extraArgs}
 * (space separated), {@code it.keepDb=true} (do not drop the server database on exit) and, on
 * PostgreSQL, {@code it.reuseDb=<name>} (start on that kept database instead of a new one; it is kept).
 */
public final class KeycloakServer {

    /** Options every test server gets; extend here when the extension grows options. */
    private static final List<String> DEFAULT_ARGS = List.of(
            // Flush analytics quickly so tests do not wait for the production interval (1000 ms);
            // a benchmark of the production setting sets it.flushIntervalMillis=1000.
            // (Keycloak accepts unknown --spi-* options silently, so this is safe even without the provider.)
            "--spi-events-listener-org-analytics-flush-interval-millis=" + Long.getLong("it.flushIntervalMillis", 100));

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    /** {@code -Dit.startTimeoutSeconds} lengthens it on a machine loaded by other builds. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("it.startTimeoutSeconds", 240));
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    static final String PG_HOST = "127.0.0.1";
    static final int PG_PORT = 5432;
    static final String PG_USER = "postgres";
    static final String PG_DB_PREFIX = "orgalytics_it_";
    private static final String MARIADB_HOST = "127.0.0.1";
    private static final int MARIADB_PORT = 3306;
    private static final String MARIADB_USER = "root";
    /** Trust auth ignores the value; we pass one anyway so nothing prompts or complains. */
    static final String PG_PASSWORD = "x";
    /**
     * Keycloak's dev-file database has no default credentials (it connects as user "" with password
     * ""), so we set them explicitly and the test JVM uses the same ones.
     */
    private static final String H2_USER = "sa";
    private static final String H2_PASSWORD = "password";

    private static KeycloakServer instance;
    private static RuntimeException startFailure;

    private final String db;
    private final Path home;
    private final Path target = Path.of("target").toAbsolutePath();
    private final Path logFile;
    private final Path pidFile;
    private int httpPort;
    private int managementPort;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final List<String> dbArgs;
    private final String serverDatabase; // null for h2
    private final Path h2DataDir; // null for server databases
    /**
     * Guards {@link #process} and {@link #shuttingDown} only, never a wait: the shutdown hook must be
     * able to stop a server that is still starting. Test threads keep running while hooks run, so
     * without the flag a restart() could launch a fresh Keycloak after the hook stopped the old one.
     */
    private final Object processLock = new Object();
    private Process process;
    private boolean shuttingDown;
    /** Read from the server on first use; one distribution per JVM, so it never changes. */
    private String version;
    /** Options added by {@link #restartWith} until the next call; empty otherwise. */
    private List<String> temporaryArgs = List.of();

    public static List<String> defaultArgs() {
        return DEFAULT_ARGS;
    }

    /**
     * The running server, started on first use. Aborts (skips) the calling tests when the selected
     * database is unavailable; a failed start is remembered so later test classes fail fast instead
     * of waiting for another timeout.
     */
    public static synchronized KeycloakServer get() {
        if (startFailure != null) {
            if (startFailure instanceof TestAbortedException) {
                throw startFailure;
            }
            throw new IllegalStateException("Keycloak failed to start earlier in this JVM", startFailure);
        }
        if (instance == null) {
            try {
                KeycloakServer server = new KeycloakServer(requiredProperty("it.db"));
                Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown, "keycloak-it-shutdown"));
                server.firstStart();
                instance = server;
            } catch (RuntimeException e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    private KeycloakServer(String db) {
        this.db = db;
        this.home = Path.of(requiredProperty("keycloak.home")).toAbsolutePath().normalize();
        String pass = System.getProperty("it.pass", db);
        this.logFile = target.resolve("keycloak-" + pass + ".log");
        this.pidFile = target.resolve("keycloak-" + pass + ".pid");
        killStaleServer();
        installExtension(Path.of(requiredProperty("extension.jar")));
        this.httpPort = FreePort.next();
        this.managementPort = FreePort.next();
        switch (db) {
            case "h2" -> {
                Path dataDir = target.resolve("keycloak-" + pass + "-data");
                h2DataDir = dataDir;
                deleteRecursively(dataDir);
                // AUTO_SERVER lets the test JVM open the file while Keycloak holds it: the first
                // process serves it over TCP (address in keycloakdb.lock.db), others connect there.
                jdbcUrl = "jdbc:h2:file:" + dataDir.resolve("keycloakdb") + ";NON_KEYWORDS=VALUE;AUTO_SERVER=TRUE";
                jdbcUser = H2_USER;
                jdbcPassword = H2_PASSWORD;
                serverDatabase = null;
                dbArgs = List.of("--db=dev-file");
            }
            case "postgres" -> {
                assumePostgresReachable();
                dropAbandonedPostgresDatabases();
                h2DataDir = null;
                String reuse = System.getProperty("it.reuseDb", "");
                if (reuse.isBlank()) {
                    serverDatabase = PG_DB_PREFIX + System.currentTimeMillis();
                    execOnPostgresDb("CREATE DATABASE " + serverDatabase);
                } else {
                    // A benchmark measuring again on data it loaded before (kept with it.keepDb=true).
                    serverDatabase = reuse;
                    System.setProperty("it.keepDb", "true");
                }
                jdbcUrl = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/" + serverDatabase;
                jdbcUser = PG_USER;
                jdbcPassword = PG_PASSWORD;
                dbArgs = List.of("--db=postgres");
            }
            case "mariadb" -> {
                assumeReachable("MariaDB", MARIADB_HOST, MARIADB_PORT);
                h2DataDir = null;
                serverDatabase = PG_DB_PREFIX + System.currentTimeMillis();
                // The server's default collation (utf8mb4_general_ci on MariaDB 10.11), as an
                // administrator following Keycloak's guide gets: case- and accent-insensitive.
                execOnMariaDb("CREATE DATABASE " + serverDatabase + " CHARACTER SET utf8mb4");
                jdbcUrl = "jdbc:mariadb://" + MARIADB_HOST + ":" + MARIADB_PORT + "/" + serverDatabase;
                jdbcUser = MARIADB_USER;
                jdbcPassword = "";
                dbArgs = List.of("--db=mariadb");
            }
            default -> throw new IllegalArgumentException("it.db must be h2, postgres or mariadb, was: " + db);
        }
        try {
            Files.writeString(logFile, ""); // one log per run; restarts append
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The running Keycloak's version as its server info reports it, e.g. {@code 26.7.3}. */
    public synchronized String version() {
        if (version == null) {
            version = new AdminClient(baseUrl()).getJson("/admin/serverinfo").ok("server info").json()
                    .path("systemInfo").path("version").asText();
        }
        return version;
    }

    /** Whether the running Keycloak is release {@code major.minor} or later. */
    public boolean isAtLeast(int major, int minor) {
        String[] parts = version().split("[.-]");
        int ma = Integer.parseInt(parts[0]);
        int mi = Integer.parseInt(parts[1]);
        return ma > major || ma == major && mi >= minor;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** "h2", "postgres" or "mariadb". */
    public String db() {
        return db;
    }

    public Path logFile() {
        return logFile;
    }

    /** A new autocommit connection to Keycloak's own database; close it (try-with-resources). */
    public Connection openJdbc() {
        // For h2, a connection opened while Keycloak is down would make this JVM the AUTO_SERVER
        // owner of the file, and Keycloak would lose it when we close the connection.
        Process running;
        synchronized (processLock) {
            running = process;
        }
        if (running == null || !running.isAlive()) {
            throw new IllegalStateException("Keycloak is not running; open JDBC connections only while it is up");
        }
        try {
            Connection connection = DriverManager.getConnection(jdbcUrl, jdbcUser, jdbcPassword);
            connection.setAutoCommit(true);
            return connection;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot open JDBC connection to " + jdbcUrl, e);
        }
    }

    /** Stops and starts Keycloak on the same database and ports (e.g. to test state surviving restarts). */
    public synchronized void restart() {
        stopProcess();
        start();
    }

    /**
     * Restarts Keycloak with {@code extraArgs} added to its options (for a test of a setting the
     * other tests must not see); {@code restartWith()} with none restores the usual options.
     */
    public synchronized void restartWith(String... extraArgs) {
        stopProcess();
        temporaryArgs = List.of(extraArgs);
        start();
    }

    /** Stops Keycloak until {@link #startAgain()}: for clients that must ride out an outage. */
    public synchronized void stop() {
        stopProcess();
    }

    /** Starts Keycloak again after {@link #stop()}, on the same database and ports. */
    public synchronized void startAgain() {
        start();
    }

    /**
     * The first start, on new free ports when another process took one of ours in the meantime
     * (a port is only reserved once Keycloak binds it, a minute later on a busy machine). Later
     * starts keep their ports: clients under test hold the URLs.
     */
    private void firstStart() {
        for (int attempt = 1; ; attempt++) {
            try {
                start();
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 3 || !String.valueOf(e.getMessage()).contains("Port already bound")) {
                    throw e;
                }
                System.out.printf("[it] A port was taken while Keycloak started; trying other ports%n");
                httpPort = FreePort.next();
                managementPort = FreePort.next();
                if (h2DataDir != null) {
                    deleteRecursively(h2DataDir); // half-initialised by the failed start
                }
            }
        }
    }

    private void start() {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start-dev",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--health-enabled=true",
                "--metrics-enabled=true",
                "--db-url=" + jdbcUrl,
                "--db-username=" + jdbcUser,
                "--db-password=" + jdbcPassword));
        command.addAll(dbArgs);
        command.addAll(DEFAULT_ARGS);
        command.addAll(temporaryArgs);
        String extra = System.getProperty("keycloak.extraArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> env = builder.environment();
        // A KC_* variable from the developer's shell would silently change the server under test.
        env.keySet().removeIf(name -> name.startsWith("KC_"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));

        long startNanos = System.nanoTime();
        Process started;
        synchronized (processLock) {
            if (shuttingDown) {
                throw new IllegalStateException("JVM is shutting down; not starting Keycloak");
            }
            try {
                started = builder.start();
                process = started;
                Files.writeString(pidFile, Long.toString(started.pid()));
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start " + command, e);
            }
        }
        awaitReady(started);
        System.out.printf("[it] Keycloak (%s) ready at %s after %d s; log: %s%n",
                db, baseUrl(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos), logFile);
    }

    private void awaitReady(Process starting) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!starting.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + starting.exitValue()
                        + " during startup. Log tail:\n" + logTail());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // expected until the management interface is up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
            sleep(500);
        }
        stopProcess();
        throw new IllegalStateException("Keycloak not ready after " + START_TIMEOUT.toSeconds()
                + " s. Log tail:\n" + logTail());
    }

    /** Shutdown hook: stop the process, then drop the server database it used. */
    private void shutdown() {
        synchronized (processLock) {
            shuttingDown = true;
        }
        stopProcess();
        if (serverDatabase != null && !Boolean.getBoolean("it.keepDb")) {
            try {
                if (db.equals("mariadb")) {
                    execOnMariaDb("DROP DATABASE IF EXISTS " + serverDatabase);
                } else {
                    execOnPostgresDb("DROP DATABASE IF EXISTS " + serverDatabase + " WITH (FORCE)");
                }
            } catch (RuntimeException e) {
                System.err.println("[it] Could not drop " + serverDatabase + ": " + e);
            }
        }
    }

    private void stopProcess() {
        Process p;
        synchronized (processLock) {
            p = process;
            process = null;
        }
        if (p == null) {
            return;
        }
        stopTree(p.toHandle());
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // only a hint for the next run
        }
    }

    /**
     * SIGTERM to kc.sh and its children (it forwards TERM to the JVM; during start-dev's
     * re-augmentation that JVM is a child, not the exec'd process itself), then SIGKILL stragglers.
     */
    static void stopTree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (all.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            sleep(100);
        }
        // Children may have been forked after we listed them.
        root.descendants().forEach(ProcessHandle::destroyForcibly);
        all.forEach(ProcessHandle::destroyForcibly);
    }

    /** A JVM killed with SIGKILL cannot run its shutdown hook; clean up what it left behind. */
    private void killStaleServer() {
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            // Only if the pid still belongs to a Keycloak from this home: pids get reused.
            ProcessHandle.of(pid)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(home.toString())).orElse(false))
                    .ifPresent(p -> {
                        System.out.println("[it] Stopping stale Keycloak pid " + pid);
                        stopTree(p);
                    });
            Files.deleteIfExists(pidFile);
        } catch (IOException | NumberFormatException e) {
            System.err.println("[it] Ignoring unreadable " + pidFile + ": " + e);
        }
    }

    private void installExtension(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("extension.jar not found: " + jar + " (run mvn verify, not just the test phase)");
        }
        Path providers = home.resolve("providers");
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(providers, "org-analytics*.jar")) {
            for (Path old : stale) {
                Files.delete(old);
            }
            Files.copy(jar, providers.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void assumePostgresReachable() {
        assumeReachable("PostgreSQL", PG_HOST, PG_PORT);
    }

    private static void assumeReachable(String name, String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
        } catch (IOException e) {
            Assumptions.abort(name + " is not reachable at " + host + ":" + port
                    + " (" + e.getMessage() + "); skipping this database's integration tests");
        }
    }

    /**
     * A JVM killed with SIGKILL (or halted by surefire's exit timeout) never drops its database.
     * Drop such leftovers once they are a day old; without FORCE, so a database some other run is
     * still connected to is never touched.
     */
    private static void dropAbandonedPostgresDatabases() {
        long cutoff = System.currentTimeMillis() - Duration.ofHours(24).toMillis();
        List<String> old = new ArrayList<>();
        String url = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres";
        try (Connection c = DriverManager.getConnection(url, PG_USER, PG_PASSWORD);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT datname FROM pg_database WHERE datname ~ '^" + PG_DB_PREFIX + "[0-9]+$'")) {
            while (rs.next()) {
                String name = rs.getString(1);
                if (Long.parseLong(name.substring(PG_DB_PREFIX.length())) < cutoff) {
                    old.add(name);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot list PostgreSQL databases", e);
        }
        for (String name : old) {
            try {
                execOnPostgresDb("DROP DATABASE IF EXISTS " + name);
                System.out.println("[it] Dropped abandoned database " + name);
            } catch (RuntimeException inUse) {
                System.out.println("[it] Left " + name + " alone: " + inUse.getCause());
            }
        }
    }

    static void execOnPostgresDb(String sql) {
        String url = "jdbc:postgresql://" + PG_HOST + ":" + PG_PORT + "/postgres";
        try (Connection c = DriverManager.getConnection(url, PG_USER, PG_PASSWORD);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL: " + sql + " failed", e);
        }
    }

    private static void execOnMariaDb(String sql) {
        String url = "jdbc:mariadb://" + MARIADB_HOST + ":" + MARIADB_PORT + "/";
        try (Connection c = DriverManager.getConnection(url, MARIADB_USER, "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB: " + sql + " failed", e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e + ")";
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + name + " is not set (it comes from the failsafe configuration)");
        }
        return value;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
