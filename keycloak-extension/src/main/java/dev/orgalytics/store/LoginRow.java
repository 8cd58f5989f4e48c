package dev.orgalytics.store;

/**
 * One captured login-related event as stored in {@code OA_LOGIN_EVENT}.
 *
 * @param type     LOGIN, LOGIN_ERROR, REGISTER or LOGOUT
 * @param userId   null for a failed login Keycloak could not attribute to a user
 * @param success  false only for LOGIN_ERROR
 */
public record LoginRow(String id, String realmId, String userId, String clientId, String type,
                       boolean success, String error, String ipAddress, long time) {

    public static final String LOGIN = "LOGIN";
    public static final String LOGIN_ERROR = "LOGIN_ERROR";

    /** Whether this row moves a user's login roll-ups (registrations and logouts are kept raw only). */
    public boolean countsAsLogin() {
        return userId != null && (LOGIN.equals(type) || LOGIN_ERROR.equals(type));
    }
}
