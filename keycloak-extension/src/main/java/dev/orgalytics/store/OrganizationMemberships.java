package dev.orgalytics.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * When each member joined each organization ({@code OA_ORG_MEMBER}), which Keycloak does not keep:
 * written from Keycloak's join and leave events, on the caller's connection and transaction (the
 * one that changes the membership), and read by the organizations report's {@code newMembers}.
 */
public final class OrganizationMemberships {

    private final Connection connection;

    public OrganizationMemberships(Connection connection) {
        this.connection = connection;
    }

    /** {@code userId} joined the organization at {@code time}; a rejoin moves the time forward. */
    public void joined(String realmId, String organizationId, String userId, long time) throws SQLException {
        // Delete and insert rather than one upsert per dialect: joins are rare, and this reads the same everywhere.
        left(realmId, organizationId, userId);
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO OA_ORG_MEMBER (REALM_ID, ORG_ID, USER_ID, JOINED_AT) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, realmId);
            ps.setString(2, organizationId);
            ps.setString(3, userId);
            ps.setLong(4, time);
            ps.executeUpdate();
        }
    }

    /** {@code userId} left the organization: no longer one of its members, new or not. */
    public void left(String realmId, String organizationId, String userId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "DELETE FROM OA_ORG_MEMBER WHERE REALM_ID = ? AND ORG_ID = ? AND USER_ID = ?")) {
            ps.setString(1, realmId);
            ps.setString(2, organizationId);
            ps.setString(3, userId);
            ps.executeUpdate();
        }
    }
}
