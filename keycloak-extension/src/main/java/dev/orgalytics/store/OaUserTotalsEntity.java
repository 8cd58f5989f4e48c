package dev.orgalytics.store;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** All-time roll-up of one user ({@code OA_USER_TOTALS}): counters and the latest login and action. */
@Entity(name = "OaUserTotals")
@Table(name = "OA_USER_TOTALS")
@IdClass(OaUserTotalsEntity.Key.class)
public class OaUserTotalsEntity {
    @Id @Column(name = "REALM_ID") private String realmId;
    @Id @Column(name = "USER_ID") private String userId;
    @Column(name = "LOGINS") private long logins;
    @Column(name = "FAILED_LOGINS") private long failedLogins;
    @Column(name = "ACTIONS") private long actions;
    @Column(name = "LAST_LOGIN_AT") private Long lastLoginAt;
    @Column(name = "LAST_FAILED_LOGIN_AT") private Long lastFailedLoginAt;
    @Column(name = "LAST_ACTION_AT") private Long lastActionAt;
    @Column(name = "LAST_ACTIVE_AT") private Long lastActiveAt;

    public String getRealmId() { return realmId; }
    public String getUserId() { return userId; }
    public long getLogins() { return logins; }
    public long getFailedLogins() { return failedLogins; }
    public long getActions() { return actions; }
    public Long getLastLoginAt() { return lastLoginAt; }
    public Long getLastFailedLoginAt() { return lastFailedLoginAt; }
    public Long getLastActionAt() { return lastActionAt; }
    public Long getLastActiveAt() { return lastActiveAt; }

    /** Composite primary key; JPA wants a mutable class with equals and hashCode. */
    public static class Key implements Serializable {
        private String realmId;
        private String userId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(realmId, k.realmId) && java.util.Objects.equals(userId, k.userId);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(realmId, userId);
        }
    }
}
