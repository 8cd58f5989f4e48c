package dev.orgalytics.store;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Roll-up of one user in one 15-minute bucket ({@code OA_USER_ACTIVITY}). */
@Entity(name = "OaUserActivity")
@Table(name = "OA_USER_ACTIVITY")
@IdClass(OaUserActivityEntity.Key.class)
public class OaUserActivityEntity {
    @Id @Column(name = "REALM_ID") private String realmId;
    @Id @Column(name = "USER_ID") private String userId;
    @Id @Column(name = "BUCKET_START") private long bucketStart;
    @Column(name = "LOGINS") private long logins;
    @Column(name = "FAILED_LOGINS") private long failedLogins;
    @Column(name = "ACTIONS") private long actions;

    public String getRealmId() { return realmId; }
    public String getUserId() { return userId; }
    public long getBucketStart() { return bucketStart; }
    public long getLogins() { return logins; }
    public long getFailedLogins() { return failedLogins; }
    public long getActions() { return actions; }

    /** Composite primary key; JPA wants a mutable class with equals and hashCode. */
    public static class Key implements Serializable {
        private String realmId;
        private String userId;
        private long bucketStart;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(realmId, k.realmId) && java.util.Objects.equals(userId, k.userId) && java.util.Objects.equals(bucketStart, k.bucketStart);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(realmId, userId, bucketStart);
        }
    }
}
