package dev.orgalytics.stats;

import java.util.Locale;
import java.util.Set;

/**
 * Which users of a realm a report covers: never service accounts, optionally only members of some
 * groups (a group and its subgroups), a realm role, or a search text. Renders itself as an SQL
 * condition on {@code USER_ENTITY} (alias {@code u}) or as a restriction of another table's
 * {@code USER_ID} column, each an {@link Sql} fragment carrying its parameters. {@code userId}
 * narrows it to one user. {@code organizationId} keeps the members of a Keycloak organization now
 * (its backing group's members): the people reports' {@code organization} filter, while the event
 * lists filter by what was attributed to it ({@link Attribution}).
 */
public record UserFilter(String realmId, Set<String> groupIds, String roleId, String search, String userId,
                         String organizationId) {

    public UserFilter(String realmId, Set<String> groupIds, String roleId, String search, String userId) {
        this(realmId, groupIds, roleId, search, userId, null);
    }

    public static UserFilter realm(String realmId) {
        return new UserFilter(realmId, null, null, null, null);
    }

    /** Whether the filter keeps every user of the realm, so the realm-wide roll-ups answer for it. */
    public boolean wholeRealm() {
        return groupIds == null && roleId == null && (search == null || search.isBlank()) && userId == null
                && organizationId == null;
    }

    /** Whether the filter names nothing but groups or an organization, so {@link #memberCondition} alone keeps its users. */
    boolean membersOnly() {
        return (search == null || search.isBlank()) && userId == null && roleId == null;
    }

    /** The same filter narrowed to one user. */
    public UserFilter onlyUser(String id) {
        return new UserFilter(realmId, groupIds, roleId, search, id, organizationId);
    }

    /** {@code u.REALM_ID = ? AND ...} for a query over {@code USER_ENTITY u}. */
    Sql userCondition() {
        Sql sql = Sql.of("u.REALM_ID = ? AND u.SERVICE_ACCOUNT_CLIENT_LINK IS NULL", realmId);
        if (search != null && !search.isBlank()) {
            String like = "%" + escapeLike(search.trim().toLowerCase(Locale.ROOT)) + "%";
            sql = sql.plus(Sql.of(" AND (LOWER(u.USERNAME) LIKE ? ESCAPE '!' OR LOWER(u.EMAIL) LIKE ? ESCAPE '!'"
                    + " OR LOWER(u.FIRST_NAME) LIKE ? ESCAPE '!' OR LOWER(u.LAST_NAME) LIKE ? ESCAPE '!')", like, like, like, like));
        }
        sql = sql.plus(memberCondition("u.ID"));
        if (userId != null) {
            sql = sql.plus(Sql.of(" AND u.ID = ?", userId));
        }
        if (roleId != null) {
            sql = sql.plus(Sql.of(" AND u.ID IN (SELECT rm.USER_ID FROM USER_ROLE_MAPPING rm WHERE rm.ROLE_ID = ?)", roleId));
        }
        return sql;
    }

    /**
     * A condition that keeps the rows of {@code column} (a user id) whose user the filter keeps: for
     * the whole realm just "not a service account" (a handful of ids), else the full user condition.
     */
    Sql restriction(String column) {
        if (wholeRealm()) {
            return notServiceAccount(column);
        }
        return Sql.of(column + " IN (SELECT u.ID FROM USER_ENTITY u WHERE ").plus(userCondition()).plus(")");
    }

    /** A condition that keeps the rows of {@code column} (a user id) that are not a service account's: a handful of ids to leave out. */
    Sql notServiceAccount(String column) {
        return Sql.of(column + " NOT IN (SELECT u.ID FROM USER_ENTITY u WHERE u.REALM_ID = ?"
                + " AND u.SERVICE_ACCOUNT_CLIENT_LINK IS NOT NULL)", realmId);
    }

    /** {@code " AND <column> IN (members)"} for the groups and the organization the filter names, else empty. */
    Sql memberCondition(String column) {
        Sql sql = groupCondition(column);
        if (organizationId != null) {
            // Keycloak keeps an organization's members as members of its backing group (ORG.GROUP_ID).
            sql = sql.plus(Sql.of(" AND " + column + " IN (SELECT om.USER_ID FROM USER_GROUP_MEMBERSHIP om"
                    + " JOIN ORG o ON o.GROUP_ID = om.GROUP_ID WHERE o.ID = ?)", organizationId));
        }
        return sql;
    }

    /** {@code " AND <column> IN (members)"} for the groups the filter names, else empty. */
    Sql groupCondition(String column) {
        return groupIds == null ? Sql.EMPTY
                : Sql.of(" AND " + column + " IN (SELECT m.USER_ID FROM USER_GROUP_MEMBERSHIP m WHERE m.GROUP_ID IN ")
                        .plus(Sql.in(groupIds)).plus(")");
    }

    /** {@code s} for a LIKE pattern with {@code ESCAPE '!'}: its wildcards and the escape matched literally. */
    static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
