package dev.orgalytics.store;

/**
 * One user action as stored in {@code OA_ACTION}.
 *
 * @param clientKey      the client's idempotency key, or null
 * @param propertiesJson a flat JSON object, or null
 */
public record ActionRow(String id, String realmId, String userId, String clientId, String action, String clientKey,
                        long occurredAt, long receivedAt, String page, String targetType, String targetId,
                        String targetName, String propertiesJson) {
}
