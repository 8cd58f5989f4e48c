package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;

import liquibase.Liquibase;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * A fresh, empty database with the extension's schema applied by its own Liquibase changelog: an
 * in-memory H2 (the engine of Keycloak's dev-file database), a new database on the PostgreSQL server
 * at 127.0.0.1:5432, or one on the MariaDB server at 127.0.0.1:3306 (created with the server's
 * default collation, as Keycloak's guide does). Tests on a server are skipped only when it does not
 * answer; CI starts both. Keycloak's own tables that the extension reads come first, as in Keycloak.
 * Public (test code only) for the report tests in {@code stats}.
 */
public final class TestDatabase implements AutoCloseable {

    static final String POSTGRES_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String MARIADB_ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/";
    /** Every engine the store tests run on: the ones Keycloak runs the extension on here. */
    public static final String[] KINDS = {"h2", "postgres", "mariadb"};

    final String kind;
    final String url;
    private final String user;
    private final String password;
    private final String serverName;

    private TestDatabase(String kind, String url, String user, String password, String serverName) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.serverName = serverName;
    }

    public static TestDatabase create(String kind) throws Exception {
        return create(kind, CHANGELOG);
    }

    static final String CHANGELOG = "META-INF/org-analytics-changelog.xml";
    /** The tables of Keycloak 26.5.6 that the extension reads, as Keycloak's changelog creates them. */
    static final String KEYCLOAK_TABLES = "dev/orgalytics/stats/keycloak-26.5.6-report-tables.xml";

    /** A fresh database with the schema of {@code changelog} (the extension's, or an older state of it). */
    static TestDatabase create(String kind, String changelog) throws Exception {
        TestDatabase db;
        if (kind.equals("h2")) {
            db = new TestDatabase(kind, "jdbc:h2:mem:oa" + UUID.randomUUID().toString().replace("-", "")
                    + ";DB_CLOSE_DELAY=-1;NON_KEYWORDS=VALUE", "sa", "", null);
        } else if (kind.equals("postgres")) {
            String name = serverDatabaseName();
            try (Connection admin = DriverManager.getConnection(POSTGRES_ADMIN_URL, "postgres", "");
                 Statement st = admin.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                Assumptions.abort("No PostgreSQL server answers at 127.0.0.1:5432: " + e.getMessage());
            }
            db = new TestDatabase(kind, "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "", name);
        } else if (kind.equals("mariadb")) {
            String name = serverDatabaseName();
            try (Connection admin = DriverManager.getConnection(MARIADB_ADMIN_URL, "root", "");
                 Statement st = admin.createStatement()) {
                st.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
            } catch (SQLException e) {
                Assumptions.abort("No MariaDB server answers at 127.0.0.1:3306: " + e.getMessage());
            }
            db = new TestDatabase(kind, "jdbc:mariadb://127.0.0.1:3306/" + name, "root", "", name);
        } else {
            throw new IllegalArgumentException("unknown database kind " + kind);
        }
        // Keycloak creates its tables before any extension's changelog runs: the writer reads
        // USER_ENTITY and changelogs fill from it.
        db.migrate(KEYCLOAK_TABLES);
        db.migrate(changelog);
        return db;
    }

    private static String serverDatabaseName() {
        return "oa_unit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Applies what {@code changelog} has that the database does not have yet. */
    public void migrate(String changelog) throws Exception {
        try (Connection c = connect()) {
            new Liquibase(changelog, new ClassLoaderResourceAccessor(), new JdbcConnection(c)).update("");
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    public interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction on a new connection: committed if it returns, rolled back if it throws. */
    public void inTransaction(SqlWork work) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * {@link #inTransaction}, run again as the extension's writers do when it lost a race with a
     * concurrent one (a key clash, a deadlock: {@link WriteRetry#isRetryable}), at most
     * {@link WriteRetry#ATTEMPTS} times in all.
     */
    public void inRetriedTransaction(SqlWork work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                inTransaction(work);
                return;
            } catch (SQLException e) {
                if (attempt >= WriteRetry.ATTEMPTS || !WriteRetry.isRetryable(e)) {
                    throw e;
                }
            }
        }
    }

    long count(String sql, Object... params) throws SQLException {
        try (Connection c = connect(); var ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (kind.equals("postgres")) {
            try (Connection admin = DriverManager.getConnection(POSTGRES_ADMIN_URL, "postgres", "");
                 Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + serverName + " WITH (FORCE)");
            }
        } else if (kind.equals("mariadb")) {
            try (Connection admin = DriverManager.getConnection(MARIADB_ADMIN_URL, "root", "");
                 Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + serverName);
            }
        } else {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            }
        }
    }
}
