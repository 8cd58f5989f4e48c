package dev.orgalytics.admin;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.orgalytics.ingest.ActionCatalog;
import dev.orgalytics.ingest.CatalogCache;
import dev.orgalytics.orgs.Organizations;
import dev.orgalytics.stats.BadRequest;
import dev.orgalytics.stats.UserFilter;
import dev.orgalytics.store.AnalyticsStore;
import dev.orgalytics.store.CatalogStore;

/**
 * What report parameters name in the realm, looked up through Keycloak's model (groups by id or
 * path, realm roles, users by id or username; a name not found is a {@link BadRequest}), and the
 * action names a report lists, as the realm's catalog orders them.
 */
final class RealmLookups {

    private final KeycloakSession session;
    private final RealmModel realm;

    RealmLookups(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** The users a report covers: the {@code group} (with its subgroups), {@code role} and {@code search} filters. */
    UserFilter users(String group, String role, String search) {
        Set<String> groupIds = null;
        if (group != null && !group.isBlank()) {
            GroupModel g = session.groups().getGroupById(realm, group);
            if (g == null && group.startsWith("/")) {
                g = KeycloakModelUtils.findGroupByPath(session, realm, group);
            }
            if (g == null) {
                throw new BadRequest("group", "No group '" + group + "' in realm " + realm.getName() + " (give an id or a path such as /Sales/EMEA)");
            }
            groupIds = new HashSet<>();
            collect(g, groupIds);
        }
        String roleId = null;
        if (role != null && !role.isBlank()) {
            RoleModel r = realm.getRole(role);
            if (r == null) {
                throw new BadRequest("role", "No realm role '" + role + "' in realm " + realm.getName());
            }
            roleId = r.getId();
        }
        return new UserFilter(realm.getId(), groupIds, roleId, search, null);
    }

    /** The same, and with {@code organization} (id or alias) only the organization's members now. */
    UserFilter users(String group, String role, String search, String organization) {
        UserFilter users = users(group, role, search);
        String organizationId = organizationId(organization);
        return organizationId == null ? users
                : new UserFilter(users.realmId(), users.groupIds(), users.roleId(), users.search(), null, organizationId);
    }

    private static void collect(GroupModel group, Set<String> ids) {
        if (ids.add(group.getId())) {
            group.getSubGroupsStream().forEach(sub -> collect(sub, ids));
        }
    }

    /** {@code user} filter: an id or a username of this realm; null when not given. */
    String userId(String user) {
        if (user == null || user.isBlank()) {
            return null;
        }
        UserModel u = session.users().getUserById(realm, user);
        if (u == null) {
            u = session.users().getUserByUsername(realm, user);
        }
        if (u == null) {
            throw new BadRequest("user", "No user '" + user + "' in realm " + realm.getName());
        }
        return u.getId();
    }

    /**
     * {@code organization} filter: an organization id or alias of this realm; null when not given.
     * An unknown one is a bad parameter (400), like an unknown group: the report cannot be answered.
     */
    String organizationId(String organization) {
        if (organization == null || organization.isBlank()) {
            return null;
        }
        String id = organizationIdOrNull(organization);
        if (id == null) {
            throw new BadRequest("organization", "No organization '" + organization + "' in realm " + realm.getName()
                    + (realm.isOrganizationsEnabled() ? " (give an id or an alias)" : " (organizations are off in this realm)"));
        }
        return id;
    }

    /** The id of the realm's organization with this id or alias; null when there is none (or organizations are off). */
    String organizationIdOrNull(String organization) {
        OrganizationModel org = Organizations.find(session, realm, organization);
        return org == null ? null : org.getId();
    }

    /** The user a one-user report is about, or null when the realm has no such person (service accounts are not). */
    UserModel person(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        return user == null || user.getServiceAccountClientLink() != null ? null : user;
    }

    /**
     * How a report lists action names, given its counts per name: the catalogued ones first, never
     * more than the catalog's cap. The catalog is read here, before the report's query, so the
     * naming runs on the counts alone (inside the query's use of the connection, it reads nothing).
     */
    Function<Map<String, Long>, List<String>> actionNaming() {
        CatalogStore.Saved saved = AnalyticsStore.catalog(session, store -> store.load(realm.getId()));
        List<String> catalogued = saved == null ? List.of() : saved.entries().stream().map(CatalogStore.Entry::name).toList();
        int cap = CatalogCache.maxNames();
        return counts -> ActionCatalog.displayOrder(catalogued, counts, cap);
    }
}
