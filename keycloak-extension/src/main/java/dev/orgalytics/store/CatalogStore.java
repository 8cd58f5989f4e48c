package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The action catalog's tables ({@code OA_CATALOG}, {@code OA_CATALOG_ACTION},
 * {@code OA_REFUSED_ACTION}) on the caller's connection and transaction.
 */
public final class CatalogStore {

    /** Distinct refused names kept per realm; later ones are summed in the row {@link #OTHER_REFUSED}. */
    public static final int MAX_REFUSED_NAMES = 1000;
    /** Not a valid action name, so it never clashes with one. */
    public static final String OTHER_REFUSED = "*";

    public record Saved(String mode, List<Entry> entries) {
    }

    public record Entry(String name, String description) {
    }

    public record Refused(String name, long count, long lastSeen) {
    }

    private final Connection connection;
    private final SqlDialect dialect;

    public CatalogStore(Connection connection) throws SQLException {
        this.connection = connection;
        this.dialect = SqlDialect.of(connection.getMetaData().getDatabaseProductName());
    }

    /** The realm's saved catalog, or null when it never saved one. */
    public Saved load(String realmId) throws SQLException {
        String mode;
        try (PreparedStatement ps = connection.prepareStatement("SELECT CATALOG_MODE FROM OA_CATALOG WHERE REALM_ID = ?")) {
            ps.setString(1, realmId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                mode = rs.getString(1);
            }
        }
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT ACTION, DESCRIPTION FROM OA_CATALOG_ACTION WHERE REALM_ID = ? ORDER BY SORT_ORDER")) {
            ps.setString(1, realmId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.add(new Entry(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return new Saved(mode, entries);
    }

    /** Every action name the realm has recorded actions of (from the month roll-ups, one row per name and month). */
    public List<String> recordedNames(String realmId) throws SQLException {
        return new ArrayList<>(new TreeSet<>(names("SELECT DISTINCT ACTION FROM OA_REALM_ACTION_COUNT_MONTH WHERE REALM_ID = ?", realmId)));
    }

    /** The first column of every row of {@code sql}, whose one parameter is the realm id. */
    private List<String> names(String sql, String realmId) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, realmId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Replaces the realm's catalog; names now catalogued leave the refused list. */
    public void save(String realmId, String mode, List<Entry> entries, long now) throws SQLException {
        update("DELETE FROM OA_CATALOG WHERE REALM_ID = ?", realmId);
        update("DELETE FROM OA_CATALOG_ACTION WHERE REALM_ID = ?", realmId);
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO OA_CATALOG (REALM_ID, CATALOG_MODE, UPDATED_AT) VALUES (?, ?, ?)")) {
            ps.setString(1, realmId);
            ps.setString(2, mode);
            ps.setLong(3, now);
            ps.executeUpdate();
        }
        if (!entries.isEmpty()) {
            try (PreparedStatement ins = connection.prepareStatement(
                    "INSERT INTO OA_CATALOG_ACTION (REALM_ID, ACTION, SORT_ORDER, DESCRIPTION) VALUES (?, ?, ?, ?)");
                 PreparedStatement del = connection.prepareStatement(
                         "DELETE FROM OA_REFUSED_ACTION WHERE REALM_ID = ? AND ACTION = ?")) {
                for (int i = 0; i < entries.size(); i++) {
                    ins.setString(1, realmId);
                    ins.setString(2, entries.get(i).name());
                    ins.setInt(3, i);
                    ins.setString(4, entries.get(i).description());
                    ins.addBatch();
                    del.setString(1, realmId);
                    del.setString(2, entries.get(i).name());
                    del.addBatch();
                }
                ins.executeBatch();
                del.executeBatch();
            }
        }
    }

    /**
     * Counts one refusal of each name at {@code now}. A realm keeps at most
     * {@link #MAX_REFUSED_NAMES} names; refusals of further new names are counted under
     * {@link #OTHER_REFUSED}, so a client inventing names cannot grow the table without bound.
     */
    public void recordRefused(String realmId, Collection<String> names, long now) throws SQLException {
        Set<String> tracked = new HashSet<>(names("SELECT ACTION FROM OA_REFUSED_ACTION WHERE REALM_ID = ?", realmId));
        // Sorted, so that concurrent refusals lock rows in one order and never deadlock.
        TreeMap<String, Long> rows = new TreeMap<>();
        int room = MAX_REFUSED_NAMES - (int) tracked.stream().filter(n -> !n.equals(OTHER_REFUSED)).count();
        for (String name : new TreeSet<>(names)) {
            if (tracked.contains(name)) {
                rows.merge(name, 1L, Long::sum);
            } else if (room > 0) {
                rows.merge(name, 1L, Long::sum);
                room--;
            } else {
                rows.merge(OTHER_REFUSED, 1L, Long::sum);
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(dialect.upsertRefusedAction())) {
            for (Map.Entry<String, Long> row : rows.entrySet()) {
                ps.setString(1, realmId);
                ps.setString(2, row.getKey());
                ps.setLong(3, row.getValue());
                ps.setLong(4, now);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The realm's refused names, most recently refused first. */
    public List<Refused> refused(String realmId) throws SQLException {
        List<Refused> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT ACTION, REFUSED_COUNT, LAST_SEEN FROM OA_REFUSED_ACTION WHERE REALM_ID = ? ORDER BY LAST_SEEN DESC, ACTION")) {
            ps.setString(1, realmId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Refused(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                }
            }
        }
        return out;
    }

    private void update(String sql, String realmId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, realmId);
            ps.executeUpdate();
        }
    }
}
