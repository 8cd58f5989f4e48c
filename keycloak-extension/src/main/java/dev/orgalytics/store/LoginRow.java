package dev.orgalytics.store;

import java.util.List;

/**
 * One captured login-related event as stored in {@code OA_LOGIN_EVENT}.
 *
 * @param type            LOGIN, LOGIN_ERROR, REGISTER or LOGOUT
 * @param userId          null for a failed login Keycloak could not attribute to a user
 * @param success         false only for LOGIN_ERROR
 * @param organizationIds the organizations the user was a member of when the event happened
 *                        ({@code OA_LOGIN_EVENT_ORG}); empty when none, or without a user
 */
public record LoginRow(String id, String realmId, String userId, String clientId, String type,
                       boolean success, String error, String ipAddress, long time, List<String> organizationIds) {

    public static final String LOGIN = "LOGIN";
    public static final String LOGIN_ERROR = "LOGIN_ERROR";

    public LoginRow {
        organizationIds = userId == null || organizationIds == null ? List.of() : List.copyOf(organizationIds);
    }

    /** An event attributed to no organization. */
    public LoginRow(String id, String realmId, String userId, String clientId, String type,
                    boolean success, String error, String ipAddress, long time) {
        this(id, realmId, userId, clientId, type, success, error, ipAddress, time, List.of());
    }

    /** This event attributed to {@code organizationIds}. */
    public LoginRow withOrganizations(List<String> ids) {
        return new LoginRow(id, realmId, userId, clientId, type, success, error, ipAddress, time, ids);
    }

    /** Whether this row moves a user's login roll-ups (registrations and logouts are kept raw only). */
    public boolean countsAsLogin() {
        return userId != null && (LOGIN.equals(type) || LOGIN_ERROR.equals(type));
    }
}
