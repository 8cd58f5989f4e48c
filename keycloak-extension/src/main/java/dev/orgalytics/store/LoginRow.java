package dev.orgalytics.store;

import java.util.List;

/**
 * One captured login-related event as stored in {@code OA_LOGIN_EVENT}, or a mark of session
 * activity ({@link #SESSION}), which only moves the roll-ups.
 *
 * @param type             LOGIN, LOGIN_ERROR, REGISTER, LOGOUT or SESSION
 * @param userId           null for a failed login Keycloak could not attribute to a user
 * @param success          false only for LOGIN_ERROR
 * @param organizationIds  the organizations the user was a member of when the event happened
 *                         ({@code OA_LOGIN_EVENT_ORG}); empty when none, or without a user
 * @param identityProvider the identity provider of a brokered login; null for the realm's own credentials
 */
public record LoginRow(String id, String realmId, String userId, String clientId, String type,
                       boolean success, String error, String ipAddress, long time, List<String> organizationIds,
                       String identityProvider) {

    public static final String LOGIN = "LOGIN";
    public static final String LOGIN_ERROR = "LOGIN_ERROR";
    /**
     * The user's session was used (a token refresh or code exchange): active in that quarter hour,
     * not a login. Not stored as a raw event: refreshes are too frequent, and no report lists them.
     */
    public static final String SESSION = "SESSION";

    public LoginRow {
        organizationIds = userId == null || organizationIds == null ? List.of() : List.copyOf(organizationIds);
    }

    /** An event attributed to no organization. */
    public LoginRow(String id, String realmId, String userId, String clientId, String type,
                    boolean success, String error, String ipAddress, long time) {
        this(id, realmId, userId, clientId, type, success, error, ipAddress, time, List.of(), null);
    }

    /** An event attributed to {@code organizationIds}, without an identity provider. */
    public LoginRow(String id, String realmId, String userId, String clientId, String type,
                    boolean success, String error, String ipAddress, long time, List<String> organizationIds) {
        this(id, realmId, userId, clientId, type, success, error, ipAddress, time, organizationIds, null);
    }

    /** This event attributed to {@code organizationIds}. */
    public LoginRow withOrganizations(List<String> ids) {
        return new LoginRow(id, realmId, userId, clientId, type, success, error, ipAddress, time, ids, identityProvider);
    }

    /** This event as a login through {@code alias}. */
    public LoginRow withIdentityProvider(String alias) {
        return new LoginRow(id, realmId, userId, clientId, type, success, error, ipAddress, time, organizationIds, alias);
    }

    /** Whether this row moves a user's login roll-ups (registrations and logouts are kept raw only). */
    public boolean countsAsLogin() {
        return userId != null && (LOGIN.equals(type) || LOGIN_ERROR.equals(type));
    }

    /** Whether this row is a mark of session activity (roll-ups only, no raw row). */
    public boolean sessionActivity() {
        return SESSION.equals(type) && userId != null;
    }
}
