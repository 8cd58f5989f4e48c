package dev.orgalytics.store;

import java.util.List;

/**
 * One user action as stored in {@code OA_ACTION}.
 *
 * @param clientKey       the client's idempotency key, or null
 * @param propertiesJson  a flat JSON object, or null
 * @param organizationIds the organizations the action is attributed to; may be empty. One is stored in the
 *                        action's own row ({@code ORG_ID}), several as rows of {@code OA_ACTION_ORG}
 */
public record ActionRow(String id, String realmId, String userId, String clientId, String action, String clientKey,
                        long occurredAt, long receivedAt, String page, String targetType, String targetId,
                        String targetName, String propertiesJson, List<String> organizationIds) {

    public ActionRow {
        organizationIds = organizationIds == null ? List.of() : List.copyOf(organizationIds);
    }

    /** The organization of an action attributed to exactly one, else null (none, or several). */
    public String soleOrganizationId() {
        return organizationIds.size() == 1 ? organizationIds.get(0) : null;
    }

    /** An action attributed to no organization. */
    public ActionRow(String id, String realmId, String userId, String clientId, String action, String clientKey,
                     long occurredAt, long receivedAt, String page, String targetType, String targetId,
                     String targetName, String propertiesJson) {
        this(id, realmId, userId, clientId, action, clientKey, occurredAt, receivedAt, page, targetType, targetId,
                targetName, propertiesJson, List.of());
    }
}
