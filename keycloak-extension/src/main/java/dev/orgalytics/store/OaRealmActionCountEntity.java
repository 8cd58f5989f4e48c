package dev.orgalytics.store;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Roll-up of one action name in a whole realm in one 15-minute bucket, one stripe of it ({@code OA_REALM_ACTION_COUNT}). */
@Entity(name = "OaRealmActionCount")
@Table(name = "OA_REALM_ACTION_COUNT")
@IdClass(OaRealmActionCountEntity.Key.class)
public class OaRealmActionCountEntity {
    @Id @Column(name = "REALM_ID") private String realmId;
    @Id @Column(name = "BUCKET_START") private long bucketStart;
    @Id @Column(name = "ACTION") private String action;
    @Id @Column(name = "STRIPE") private int stripe;
    @Column(name = "ACTION_COUNT") private long count;

    public String getRealmId() { return realmId; }
    public long getBucketStart() { return bucketStart; }
    public String getAction() { return action; }
    public int getStripe() { return stripe; }
    public long getCount() { return count; }

    /** Composite primary key; JPA wants a mutable class with equals and hashCode. */
    public static class Key implements Serializable {
        private String realmId;
        private long bucketStart;
        private String action;
        private int stripe;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(realmId, k.realmId) && bucketStart == k.bucketStart
                    && java.util.Objects.equals(action, k.action) && stripe == k.stripe;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(realmId, bucketStart, action, stripe);
        }
    }
}
