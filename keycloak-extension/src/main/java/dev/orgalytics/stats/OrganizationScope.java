package dev.orgalytics.stats;

import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The organizations a reader of the organization reports may see: every organization of the realm
 * ({@link #ALL}, an admin with realm-level rights), or only some, by id (an admin limited to some
 * organizations by Keycloak's organization permissions). Renders itself as a condition on an
 * organization id column, so the reports list nothing else.
 */
public final class OrganizationScope {

    public static final OrganizationScope ALL = new OrganizationScope(null);

    /** Null for {@link #ALL}. */
    private final Set<String> ids;

    private OrganizationScope(Set<String> ids) {
        this.ids = ids;
    }

    /** Only these organizations (ids); none at all when {@code ids} is empty. */
    public static OrganizationScope only(Collection<String> ids) {
        return new OrganizationScope(Set.copyOf(ids));
    }

    public boolean all() {
        return ids == null;
    }

    /** Whether the scope holds no organization: its reader may see none. */
    public boolean isEmpty() {
        return ids != null && ids.isEmpty();
    }

    /** Whether the organization with this id is in the scope; a null id (no such organization) never is, unless the scope is {@link #ALL}. */
    public boolean includes(String organizationId) {
        return ids == null || organizationId != null && ids.contains(organizationId);
    }

    /**
     * {@code " AND column IN (...)"} for a scope of some organizations, nothing for {@link #ALL}, and
     * a condition no row meets for an empty scope (an empty {@code IN} list is not SQL).
     */
    public Sql and(String column) {
        if (ids == null) {
            return Sql.EMPTY;
        }
        if (ids.isEmpty()) {
            return Sql.of(" AND 1 = 0");
        }
        // Sorted, so one scope is always the same SQL text.
        return Sql.of(" AND " + column + " IN ").plus(Sql.in(new TreeSet<>(ids)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OrganizationScope other && Objects.equals(ids, other.ids);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(ids);
    }

    @Override
    public String toString() {
        return ids == null ? "all organizations" : "organizations " + new TreeSet<>(ids);
    }
}
