package dev.orgalytics.admin;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.orgalytics.orgs.Organizations;
import dev.orgalytics.stats.OrganizationScope;

/**
 * Which organizations of the realm an admin may view, as Keycloak 26.7 decides it: its
 * {@code AdminPermissionEvaluator.orgs()} evaluator, whose {@code canView()} holds for the
 * realm-management roles {@code view-organizations}, {@code manage-organizations} and
 * {@code manage-realm} or a fine-grained admin permission (v2) on all organizations, and whose
 * {@code canView(organization)} also holds for a permission on that one organization. The jar is
 * compiled against 26.5, which has no such evaluator (nor 26.4), so it is reached by reflection,
 * resolved once: where it is missing, no admin may view any organization through it.
 */
final class OrganizationViewRights {

    private static final Method ORGS;
    private static final Method CAN_VIEW_ALL;
    private static final Method CAN_VIEW_ONE;

    static {
        Method orgs = null, all = null, one = null;
        try {
            orgs = AdminPermissionEvaluator.class.getMethod("orgs");
            all = orgs.getReturnType().getMethod("canView");
            one = orgs.getReturnType().getMethod("canView", OrganizationModel.class);
        } catch (NoSuchMethodException e) {
            orgs = null;
        }
        ORGS = orgs;
        CAN_VIEW_ALL = all;
        CAN_VIEW_ONE = one;
    }

    private OrganizationViewRights() {
    }

    /**
     * The organizations this admin may view: {@link OrganizationScope#ALL} with a realm-wide right,
     * else those granted one by one (each evaluated by Keycloak, so once per organization of the
     * realm), else none. Always none on a Keycloak without organization permissions.
     */
    static OrganizationScope viewable(AdminPermissionEvaluator auth, KeycloakSession session, RealmModel realm) {
        if (ORGS == null) {
            return OrganizationScope.only(List.of());
        }
        Object orgs = invoke(ORGS, auth);
        if ((Boolean) invoke(CAN_VIEW_ALL, orgs)) {
            return OrganizationScope.ALL;
        }
        return OrganizationScope.only(Organizations.all(session, realm)
                .filter(org -> (Boolean) invoke(CAN_VIEW_ONE, orgs, org))
                .map(OrganizationModel::getId)
                .toList());
    }

    private static Object invoke(Method method, Object target, Object... args) {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(method + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(method + " is not accessible", e);
        }
    }
}
