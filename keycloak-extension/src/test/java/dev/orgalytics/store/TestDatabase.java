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
 * in-memory H2 (the engine of Keycloak's dev-file database) or a new database on the PostgreSQL
 * server at 127.0.0.1:5432. Tests on PostgreSQL are skipped only when no server answers there.
 */
final class TestDatabase implements AutoCloseable {

    static final String POSTGRES_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";

    final String kind;
    final String url;
    private final String user;
    private final String password;
    private final String pgName;

    private TestDatabase(String kind, String url, String user, String password, String pgName) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.password = password;
        this.pgName = pgName;
    }

    static TestDatabase create(String kind) throws Exception {
        return create(kind, CHANGELOG);
    }

    static final String CHANGELOG = "META-INF/org-analytics-changelog.xml";

    /** A fresh database with the schema of {@code changelog} (the extension's, or an older state of it). */
    static TestDatabase create(String kind, String changelog) throws Exception {
        TestDatabase db;
        if (kind.equals("h2")) {
            db = new TestDatabase(kind, "jdbc:h2:mem:oa" + UUID.randomUUID().toString().replace("-", "")
                    + ";DB_CLOSE_DELAY=-1;NON_KEYWORDS=VALUE", "sa", "", null);
        } else {
            String name = "oa_unit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection admin = DriverManager.getConnection(POSTGRES_ADMIN_URL, "postgres", "");
                 Statement st = admin.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                Assumptions.abort("No PostgreSQL server answers at 127.0.0.1:5432: " + e.getMessage());
            }
            db = new TestDatabase(kind, "jdbc:postgresql://127.0.0.1:5432/" + name, "postgres", "", name);
        }
        db.migrate(changelog);
        return db;
    }

    /** Applies what {@code changelog} has that the database does not have yet. */
    void migrate(String changelog) throws Exception {
        try (Connection c = connect()) {
            new Liquibase(changelog, new ClassLoaderResourceAccessor(), new JdbcConnection(c)).update("");
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
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
        if (pgName != null) {
            try (Connection admin = DriverManager.getConnection(POSTGRES_ADMIN_URL, "postgres", "");
                 Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + pgName + " WITH (FORCE)");
            }
        } else {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            }
        }
    }
}
