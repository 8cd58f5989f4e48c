package dev.orgalytics.admin;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.orgalytics.Json;
import dev.orgalytics.ingest.ActionCatalog;
import dev.orgalytics.ingest.CatalogCache;
import dev.orgalytics.ingest.CatalogCheck;
import dev.orgalytics.setup.AdminRoles;
import dev.orgalytics.store.AnalyticsStore;
import dev.orgalytics.store.CatalogStore;

/**
 * {@code /admin/realms/{realm}/org-analytics/catalog}: the realm's action catalog and the names it
 * refused. Anyone who may read a report reads it; {@code manage-realm} or {@code manage-events}
 * replaces it.
 */
public class CatalogResource {

    private static final int MAX_BODY_BYTES = 256 * 1024;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final boolean auditReads;

    CatalogResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent,
                    boolean auditReads) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
        this.auditReads = auditReads;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response get() {
        if (!auth.hasOneAdminRole(AdminRoles.VIEW_ORG_ANALYTICS, AdminRoles.VIEW_ORG_ANALYTICS_TOTALS)
                && !auth.users().canView() && !auth.realm().canViewEvents()) {
            return error(403, "forbidden", "Reading the action catalog needs view-org-analytics, view-org-analytics-totals, "
                    + "view-users or view-events", null);
        }
        if (auditReads) {
            adminEvent.clone(session).operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                    .representation(Map.of("read", "catalog")).success();
        }
        return view();
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response put(InputStream body) {
        if (!auth.realm().canManageRealm() && !auth.realm().canManageEvents()) {
            return error(403, "forbidden", "Changing the action catalog needs manage-realm or manage-events", null);
        }
        JsonNode root;
        try {
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                return error(413, "request_too_large", "The catalog is larger than " + MAX_BODY_BYTES + " bytes", null);
            }
            root = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            return error(400, "invalid_request", "The body is not one JSON object: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            return error(400, "invalid_request", "The request body could not be read", null);
        }
        List<Map<String, Object>> details = new ArrayList<>();
        if (root == null || !root.isObject()) {
            return error(400, "invalid_request", "The body must be {\"mode\": \"open\"|\"strict\", \"actions\": [...]}", null);
        }
        root.fieldNames().forEachRemaining(f -> {
            if (!Set.of("mode", "actions").contains(f)) details.add(problem(-1, f, "unknown field"));
        });
        ActionCatalog.Mode mode = root.path("mode").isTextual() ? ActionCatalog.Mode.parse(root.path("mode").asText()) : null;
        if (mode == null) {
            details.add(problem(-1, "mode", "must be \"open\" or \"strict\""));
        }
        List<ActionCatalog.Entry> entries = new ArrayList<>();
        JsonNode actions = root.path("actions");
        if (!actions.isArray()) {
            details.add(problem(-1, "actions", "must be an array of {\"name\", \"description\"}"));
        } else {
            for (int i = 0; i < actions.size(); i++) {
                JsonNode a = actions.get(i);
                if (!a.isObject() || !a.path("name").isTextual() || (a.has("description") && !a.get("description").isNull()
                        && !a.get("description").isTextual()) || a.size() > (a.has("description") ? 2 : 1)) {
                    details.add(problem(i, "actions", "must be {\"name\": text, \"description\": text} and nothing else"));
                    continue;
                }
                String description = a.path("description").isTextual() ? a.path("description").asText() : null;
                entries.add(new ActionCatalog.Entry(a.path("name").asText(), description));
            }
            if (details.isEmpty()) {
                ActionCatalog.problems(entries, CatalogCache.maxNames())
                        .forEach((index, message) -> details.add(problem(index, "actions", message)));
            }
        }
        if (!details.isEmpty()) {
            return error(400, "invalid_request", "The catalog cannot be saved", details);
        }
        List<CatalogStore.Entry> rows = entries.stream().map(e -> new CatalogStore.Entry(e.name(), e.description())).toList();
        AnalyticsStore.catalog(session, store -> {
            store.save(realm.getId(), mode.label(), rows, System.currentTimeMillis());
            return null;
        });
        // Keycloak's realm cache invalidates the attribute on every node: their cached catalogs reload.
        realm.setAttribute(CatalogCache.GENERATION_ATTRIBUTE, UUID.randomUUID().toString());
        CatalogCache.invalidate(realm.getId());
        adminEvent.clone(session).operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                .representation(root).success();
        return view();
    }

    private Response view() {
        Map<String, Object> body = AnalyticsStore.catalog(session, store -> {
            ActionCatalog catalog = CatalogCheck.load(store, realm.getId());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("realm", realm.getName());
            m.put("mode", catalog.mode().label());
            m.put("maxNames", catalog.maxNames());
            m.put("knownNames", catalog.knownNames());
            List<Map<String, Object>> actions = new ArrayList<>();
            for (ActionCatalog.Entry e : catalog.entries()) {
                Map<String, Object> a = new LinkedHashMap<>();
                a.put("name", e.name());
                a.put("description", e.description());
                actions.add(a);
            }
            m.put("actions", actions);
            List<Map<String, Object>> refused = new ArrayList<>();
            Map<String, Object> other = null;
            for (CatalogStore.Refused r : store.refused(realm.getId())) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("name", r.name());
                x.put("count", r.count());
                x.put("lastSeenAt", Instant.ofEpochMilli(r.lastSeen()).toString());
                if (r.name().equals(CatalogStore.OTHER_REFUSED)) {
                    x.remove("name");
                    other = x;
                } else {
                    refused.add(x);
                }
            }
            m.put("refused", refused);
            m.put("otherRefused", other);
            return m;
        });
        return json(200, body);
    }

    private static Map<String, Object> problem(int index, String field, String message) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("index", index);
        p.put("field", field);
        p.put("message", message);
        return p;
    }

    private static Response error(int status, String error, String message, List<Map<String, Object>> details) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        if (details != null) {
            body.put("details", details);
        }
        return json(status, body);
    }

    private static Response json(int status, Object body) {
        try {
            return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Json.MAPPER.writeValueAsString(body)).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
