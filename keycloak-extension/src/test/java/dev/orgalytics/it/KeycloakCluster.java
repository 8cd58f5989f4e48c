package dev.orgalytics.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keycloak nodes in production mode ({@code kc.sh start --optimized}) on one PostgreSQL database,
 * forming one cluster (embedded Infinispan, JDBC_PING discovery), as in
 * {@code ../shared/reference/test-toolchain.md}. Every node is started with the same
 * {@code --hostname}, as behind a load balancer: tokens carry that issuer, so a token from one node
 * is valid on every other.
 *
 * <p>The distribution is built twice: once without our jar (to create realms the way an existing
 * installation has them) and once with it; each node gets its own copy of the built distribution.
 */
final class KeycloakCluster implements AutoCloseable {

    static final String HOSTNAME = "http://org-analytics-cluster.test";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    /** JGroups' failure detection port, above each node's cluster port. */
    private static final int FD_PORT_OFFSET = 100;

    private final Path root = Path.of("target", "keycloak-cluster").toAbsolutePath();
    private final String pgDatabase = KeycloakServer.PG_DB_PREFIX + System.currentTimeMillis();
    private final String jdbcUrl = "jdbc:postgresql://" + KeycloakServer.PG_HOST + ":" + KeycloakServer.PG_PORT + "/" + pgDatabase;
    private final List<Node> nodes = new ArrayList<>();

    KeycloakCluster() {
        KeycloakServer.assumePostgresReachable();
        KeycloakServer.execOnPostgresDb("CREATE DATABASE " + pgDatabase);
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "keycloak-cluster-shutdown"));
    }

    /** A built distribution in {@code target/keycloak-cluster/<name>}, with our jar or without. */
    Path build(String name, boolean withExtension) {
        Path dist = root.resolve(name);
        KeycloakServer.deleteRecursively(dist);
        copyTree(Path.of(KeycloakServer.requiredProperty("keycloak.home")), dist);
        // The single-node passes install the jar into the shared distribution's providers/.
        try (Stream<Path> installed = Files.list(dist.resolve("providers"))) {
            for (Path jar : installed.filter(p -> p.getFileName().toString().startsWith("org-analytics")).toList()) {
                Files.delete(jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (withExtension) {
            Path jar = Path.of(KeycloakServer.requiredProperty("extension.jar"));
            try {
                Files.copy(jar, dist.resolve("providers").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        run(dist, root.resolve(name + "-build.log"), "build", "--db=postgres", "--health-enabled=true", "--metrics-enabled=true");
        return dist;
    }

    /** A copy of a built distribution for one more node (each node writes its own data directory). */
    Path copy(Path built, String name) {
        Path dist = root.resolve(name);
        KeycloakServer.deleteRecursively(dist);
        copyTree(built, dist);
        return dist;
    }

    /** A node on its own ports; not started yet. */
    Node node(String name, Path dist, List<String> args) {
        Node node = new Node(name, dist, args);
        nodes.add(node);
        return node;
    }

    /** A new autocommit connection to the cluster's database. */
    Connection openJdbc() {
        try {
            Connection c = DriverManager.getConnection(jdbcUrl, KeycloakServer.PG_USER, KeycloakServer.PG_PASSWORD);
            c.setAutoCommit(true);
            return c;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to " + jdbcUrl, e);
        }
    }

    @Override
    public synchronized void close() {
        nodes.forEach(Node::stop);
        if (!Boolean.getBoolean("it.keepDb")) {
            try {
                KeycloakServer.execOnPostgresDb("DROP DATABASE IF EXISTS " + pgDatabase + " WITH (FORCE)");
            } catch (RuntimeException e) {
                System.err.println("[it] Could not drop " + pgDatabase + ": " + e);
            }
        }
    }

    final class Node {
        final String name;
        private final Path dist;
        private final List<String> args;
        private final int httpPort = FreePort.next();
        private final int managementPort = FreePort.next();
        private final int clusterPort = FreePort.next(FD_PORT_OFFSET);
        private Process process;
        private int starts;

        private Node(String name, Path dist, List<String> args) {
            this.name = name;
            this.dist = dist;
            this.args = args;
            // A previous run's logs would add to what log() reports.
            try (Stream<Path> old = Files.list(Files.createDirectories(root))) {
                for (Path p : old.filter(f -> f.getFileName().toString().startsWith(name + ".log.")).toList()) {
                    Files.delete(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String baseUrl() {
            return "http://127.0.0.1:" + httpPort;
        }

        String managementUrl() {
            return "http://127.0.0.1:" + managementPort;
        }

        /** Every log line this node wrote, across restarts. */
        List<String> log() {
            try (Stream<Path> logs = Files.list(root)) {
                List<String> lines = new ArrayList<>();
                for (Path p : logs.filter(f -> f.getFileName().toString().startsWith(name + ".log.")).sorted().toList()) {
                    lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
                }
                return lines;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Launches the node and returns at once: start several, then {@link #awaitReady} each. */
        synchronized Node launch(String... extraArgs) {
            List<String> command = new ArrayList<>(List.of(dist.resolve("bin/kc.sh").toString(), "start", "--optimized",
                    "--http-enabled=true", "--http-host=127.0.0.1", "--hostname=" + HOSTNAME,
                    "--http-port=" + httpPort, "--http-management-port=" + managementPort,
                    "--db-url=" + jdbcUrl, "--db-username=" + KeycloakServer.PG_USER,
                    "--db-password=" + KeycloakServer.PG_PASSWORD,
                    "--cache-embedded-network-bind-address=127.0.0.1",
                    "--cache-embedded-network-bind-port=" + clusterPort));
            command.addAll(args);
            command.addAll(List.of(extraArgs));
            ProcessBuilder builder = new ProcessBuilder(command).directory(dist.toFile()).redirectErrorStream(true)
                    .redirectOutput(root.resolve(name + ".log." + (++starts)).toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(n -> n.startsWith("KC_"));
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USER);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
            // JGroups' failure detection listens at bind port + 50000 by default: past 65535 for most ports.
            env.put("JAVA_OPTS_APPEND", "-Djgroups.fd.port-offset=" + FD_PORT_OFFSET);
            env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start " + command, e);
            }
            return this;
        }

        /** Waits until {@code /health/ready} answers 200; returns the seconds since {@code sinceNanos}. */
        long awaitReady(long sinceNanos) {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                Process p = process;
                if (p == null || !p.isAlive()) {
                    throw new IllegalStateException("Node " + name + " exited during startup. Log tail:\n" + tail());
                }
                try {
                    if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        long s = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sinceNanos);
                        System.out.printf("[it] cluster node %s ready at %s after %d s%n", name, baseUrl(), s);
                        return s;
                    }
                } catch (IOException notYet) {
                    // the management interface is not up yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                KeycloakServer.sleep(500);
            }
            throw new IllegalStateException("Node " + name + " not ready after " + START_TIMEOUT.toSeconds() + " s:\n" + tail());
        }

        /** SIGKILL to the node's JVM and its launcher: a crash, no shutdown hook runs. */
        synchronized void kill() {
            Process p = process;
            process = null;
            if (p != null) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.onExit().join();
            }
        }

        /** SIGTERM, as an orchestrator stops a node; waits for the JVM to exit. */
        synchronized void stop() {
            Process p = process;
            process = null;
            if (p != null) {
                KeycloakServer.stopTree(p.toHandle());
            }
        }

        boolean running() {
            Process p = process;
            return p != null && p.isAlive();
        }

        private String tail() {
            List<String> lines = log();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }

    private static void run(Path dist, Path log, String... kcArgs) {
        List<String> command = new ArrayList<>(List.of(dist.resolve("bin/kc.sh").toString()));
        command.addAll(List.of(kcArgs));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dist.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(n -> n.startsWith("KC_"));
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        try {
            Process p = builder.start();
            if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " failed; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
