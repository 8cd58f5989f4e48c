package dev.orgalytics.store;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** Roll-up of a whole realm in one 15-minute bucket, one stripe of it ({@code OA_REALM_ACTIVITY}). */
@Entity(name = "OaRealmActivity")
@Table(name = "OA_REALM_ACTIVITY")
@IdClass(OaRealmActivityEntity.Key.class)
public class OaRealmActivityEntity {
    @Id @Column(name = "REALM_ID") private String realmId;
    @Id @Column(name = "BUCKET_START") private long bucketStart;
    @Id @Column(name = "STRIPE") private int stripe;
    @Column(name = "LOGINS") private long logins;
    @Column(name = "FAILED_LOGINS") private long failedLogins;
    @Column(name = "ACTIONS") private long actions;

    public String getRealmId() { return realmId; }
    public long getBucketStart() { return bucketStart; }
    public int getStripe() { return stripe; }
    public long getLogins() { return logins; }
    public long getFailedLogins() { return failedLogins; }
    public long getActions() { return actions; }

    /** Composite primary key; JPA wants a mutable class with equals and hashCode. */
    public static class Key implements Serializable {
        private String realmId;
        private long bucketStart;
        private int stripe;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && java.util.Objects.equals(realmId, k.realmId) && bucketStart == k.bucketStart
                    && stripe == k.stripe;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(realmId, bucketStart, stripe);
        }
    }
}
