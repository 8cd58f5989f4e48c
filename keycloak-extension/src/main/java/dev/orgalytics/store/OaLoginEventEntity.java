package dev.orgalytics.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A raw login-related event ({@code OA_LOGIN_EVENT}); see {@link LoginRow}. */
@Entity(name = "OaLoginEvent")
@Table(name = "OA_LOGIN_EVENT")
public class OaLoginEventEntity {
    @Id @Column(name = "ID") private String id;
    @Column(name = "REALM_ID") private String realmId;
    @Column(name = "USER_ID") private String userId;
    @Column(name = "CLIENT_ID") private String clientId;
    @Column(name = "EVENT_TYPE") private String type;
    @Column(name = "SUCCESS") private boolean success;
    @Column(name = "ERROR") private String error;
    @Column(name = "IP_ADDRESS") private String ipAddress;
    @Column(name = "EVENT_TIME") private long time;

    public String getId() { return id; }
    public String getRealmId() { return realmId; }
    public String getUserId() { return userId; }
    public String getClientId() { return clientId; }
    public String getType() { return type; }
    public boolean isSuccess() { return success; }
    public String getError() { return error; }
    public String getIpAddress() { return ipAddress; }
    public long getTime() { return time; }
}
