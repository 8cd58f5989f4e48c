package dev.orgalytics.store;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Roll-up of one action name of one user in one 15-minute bucket ({@code OA_USER_ACTION_COUNT}). */
@Entity(name = "OaUserActionCount")
@Table(name = "OA_USER_ACTION_COUNT")
@IdClass(OaUserActionCountEntity.Key.class)
public class OaUserActionCountEntity {
    @Id @Column(name = "REALM_ID") private String realmId;
    @Id @Column(name = "USER_ID") private String userId;
    @Id @Column(name = "BUCKET_START") private long bucketStart;
    @Id @Column(name = "ACTION") private String action;
    @Column(name = "ACTION_COUNT") private long count;

    public String getRealmId() { return realmId; }
    public String getUserId() { return userId; }
    public long getBucketStart() { return bucketStart; }
    public String getAction() { return action; }
    public long getCount() { return count; }

    /** Composite primary key; JPA wants a mutable class with equals and hashCode. */
    public static class Key implements Serializable {
        private String realmId;
        private String userId;
        private long bucketStart;
        private String action;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(realmId, k.realmId) && java.util.Objects.equals(userId, k.userId) && java.util.Objects.equals(bucketStart, k.bucketStart) && java.util.Objects.equals(action, k.action);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(realmId, userId, bucketStart, action);
        }
    }
}
