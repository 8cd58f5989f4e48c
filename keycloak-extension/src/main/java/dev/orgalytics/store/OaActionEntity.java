package dev.orgalytics.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A raw user action ({@code OA_ACTION}); see {@link ActionRow}. */
@Entity(name = "OaAction")
@Table(name = "OA_ACTION")
public class OaActionEntity {
    @Id @Column(name = "ID") private String id;
    @Column(name = "REALM_ID") private String realmId;
    @Column(name = "USER_ID") private String userId;
    @Column(name = "CLIENT_ID") private String clientId;
    @Column(name = "ACTION") private String action;
    @Column(name = "CLIENT_KEY") private String clientKey;
    @Column(name = "OCCURRED_AT") private long occurredAt;
    @Column(name = "RECEIVED_AT") private long receivedAt;
    @Column(name = "PAGE") private String page;
    @Column(name = "TARGET_TYPE") private String targetType;
    @Column(name = "TARGET_ID") private String targetId;
    @Column(name = "TARGET_NAME") private String targetName;
    @Column(name = "PROPERTIES") private String properties;

    public String getId() { return id; }
    public String getRealmId() { return realmId; }
    public String getUserId() { return userId; }
    public String getClientId() { return clientId; }
    public String getAction() { return action; }
    public String getClientKey() { return clientKey; }
    public long getOccurredAt() { return occurredAt; }
    public long getReceivedAt() { return receivedAt; }
    public String getPage() { return page; }
    public String getTargetType() { return targetType; }
    public String getTargetId() { return targetId; }
    public String getTargetName() { return targetName; }
    public String getProperties() { return properties; }
}
