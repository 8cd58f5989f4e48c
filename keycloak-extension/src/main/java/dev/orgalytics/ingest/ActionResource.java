package dev.orgalytics.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import dev.orgalytics.OrgAnalytics;
import dev.orgalytics.console.ConsoleResource;
import dev.orgalytics.metrics.UsageMetrics;
import dev.orgalytics.store.ActionRow;
import dev.orgalytics.store.AnalyticsStore;
import dev.orgalytics.store.Ids;
import dev.orgalytics.store.WriteRetry;

/**
 * {@code /realms/{realm}/org-analytics}: where applications post their users' actions. The Org
 * Analytics page shares the path ({@code console/}): Keycloak mounts one resource per provider id,
 * so its route is here and hands over to {@link ConsoleResource}.
 */
public class ActionResource {

    private static final Logger LOG = Logger.getLogger(ActionResource.class);
    /**
     * Attempts of one request's transaction. Concurrent batches sharing idempotency keys or users
     * can still meet in a deadlock the database breaks (MariaDB's gap locks on upserts); the loser
     * runs again after a short random pause and then sees the winner's rows as duplicates.
     */

    private final KeycloakSession session;
    private final Duration maxAge;
    private final Quotas quotas;

    public ActionResource(KeycloakSession session, Duration maxAge, Quotas quotas) {
        this.session = session;
        this.maxAge = maxAge;
        this.quotas = quotas;
    }

    /** The Org Analytics page: {@code console} redirects to {@code console/}, which is the page. */
    @GET
    @Path("console{path:(/.*)?}")
    public Response console() {
        return ConsoleResource.serve(session);
    }

    /**
     * Records one action or a batch. The response is sent only after the rows are committed, so an
     * acknowledged action is never lost; a retried {@code id} is reported as a duplicate, not stored.
     */
    @POST
    @Path("actions")
    @Produces(MediaType.APPLICATION_JSON)
    public Response record(InputStream body) {
        Instant received = Instant.now();
        RealmModel realm = session.getContext().getRealm();
        BearerCaller auth = BearerCaller.authenticate(session);
        if (auth == null) {
            return error(null, 401, "invalid_token", "A valid bearer access token of realm " + realm.getName() + " is required", null);
        }
        if (!ActionCors.allowed(origin(), ownOrigin(), auth.token().getAllowedOrigins())) {
            return error(auth, 403, "invalid_origin", "Origin " + origin() + " is not a web origin of client " + auth.clientId(), null);
        }
        UserModel caller = auth.user();
        boolean recorder = isRecorder(realm, caller);
        // Charged before the body is read, so a flood of junk costs its sender as much as one of valid actions.
        Quotas.Refusal limited = quotas.request(realm.getId(), caller.getId(), recorder);
        if (limited != null) {
            // Read and dropped (not parsed) before the refusal is held back: an unread body would keep
            // its bytes in flight, and over an HTTP/2 connection a proxy shares between users it would
            // hold the connection's flow-control window, stalling the other users' requests.
            discard(body);
            return rateLimited(auth, limited);
        }
        // ActionContentTypeFilter normally answers this before the body is read; kept here so the
        // rule holds even where that filter is not registered.
        String mediaTypeProblem = ActionMediaType.problem(session.getContext().getRequestHeaders().getHeaderString("Content-Type"));
        if (mediaTypeProblem != null) {
            return error(auth, 415, "unsupported_media_type", mediaTypeProblem,
                    List.of(new RejectedBody.Problem(-1, "Content-Type", mediaTypeProblem)));
        }
        List<ActionRequest.Action> actions;
        try {
            actions = ActionRequest.parse(readBounded(body), received, maxAge);
        } catch (RejectedBody e) {
            return error(auth, e.status(), e.error(), e.getMessage(), e.problems());
        } catch (IOException e) {
            return error(auth, 400, "invalid_request", "The request body could not be read", null);
        }
        limited = quotas.actions(realm.getId(), caller.getId(), recorder, actions.size());
        if (limited != null) {
            return rateLimited(auth, limited);
        }

        List<RejectedBody.Problem> badUsers = new ArrayList<>();
        Map<String, String> checkedUsers = new HashMap<>();
        for (int i = 0; i < actions.size(); i++) {
            String userId = actions.get(i).userId();
            if (userId == null || userId.equals(caller.getId())) {
                // Every stored action belongs to a user: a service account's own actions would count
                // in the realm's totals but in no user's row.
                if (caller.getServiceAccountClientLink() != null) {
                    badUsers.add(new RejectedBody.Problem(i, "userId", userId == null
                            ? "is required: a service account records actions only on behalf of a user"
                            : "names the calling service account; actions belong to users, not service accounts"));
                }
                continue;
            }
            if (!recorder) {
                return error(auth, 403, "forbidden", "Only a service account with the realm role "
                        + OrgAnalytics.RECORDER_ROLE + " may record actions on behalf of another user", null);
            }
            String problem = checkedUsers.computeIfAbsent(userId, id -> {
                UserModel named = session.users().getUserById(realm, id);
                if (named == null) {
                    return "no such user in realm " + realm.getName();
                }
                return named.getServiceAccountClientLink() != null
                        ? "is a service account; actions belong to users, not service accounts" : "";
            });
            if (!problem.isEmpty()) {
                badUsers.add(new RejectedBody.Problem(i, "userId", problem));
            }
        }
        if (!badUsers.isEmpty()) {
            String first = badUsers.get(0).message();
            return error(auth, 400, "invalid_request", (badUsers.size() == 1 ? "Invalid userId: " : badUsers.size()
                    + " actions with an invalid userId, the first: ") + first, badUsers);
        }
        List<String> userIds = actions.stream().map(a -> a.userId() != null ? a.userId() : caller.getId()).toList();
        List<RejectedBody.Problem> badOrganizations = new ArrayList<>();
        List<List<String>> organizations = new ActionOrganizations(session, realm, auth).attribute(actions, userIds, badOrganizations);
        if (!badOrganizations.isEmpty()) {
            return error(auth, 400, "invalid_request", (badOrganizations.size() == 1 ? "Invalid organization: "
                    : badOrganizations.size() + " actions with an invalid organization, the first: ")
                    + badOrganizations.get(0).message(), badOrganizations);
        }
        Response unknownActions = checkCatalog(auth, realm, actions);
        if (unknownActions != null) {
            return unknownActions;
        }

        String clientId = auth.clientId();
        List<ActionRow> rows = new ArrayList<>(actions.size());
        for (int i = 0; i < actions.size(); i++) {
            ActionRequest.Action a = actions.get(i);
            rows.add(new ActionRow(Ids.timeOrdered(), realm.getId(), userIds.get(i), clientId, a.action(), a.id(),
                    a.occurredAt().toEpochMilli(), received.toEpochMilli(), a.page(), a.targetType(), a.targetId(),
                    a.targetName(), a.propertiesJson(), organizations.get(i)));
        }
        List<ActionRow> stored = store(rows);
        UsageMetrics.get().actions(realm.getName(), clientId,
                stored.stream().collect(Collectors.groupingBy(ActionRow::action, Collectors.counting())));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("accepted", stored.size());
        result.put("duplicates", rows.size() - stored.size());
        return withCors(auth, Response.status(Response.Status.ACCEPTED).type(MediaType.APPLICATION_JSON).entity(result));
    }

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        Response.ResponseBuilder ok = Response.ok();
        ActionCors.preflight(origin()).forEach(ok::header);
        return ok.build();
    }

    /** Stores in a transaction of its own, committed before we answer; run again when it lost a race with a concurrent writer. */
    private List<ActionRow> store(List<ActionRow> rows) {
        return WriteRetry.run(() -> KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(),
                        s -> AnalyticsStore.write(s, writer -> writer.writeActions(rows))),
                attempt -> LOG.debugf("Action batch lost a race with a concurrent writer, retrying (attempt %d)", attempt));
    }

    /**
     * {@code 400 unknown_action} when the realm's catalog refuses a name of the request (strict mode,
     * or open mode at its cap of distinct names); the refusals are counted for the realm's admins.
     */
    private Response checkCatalog(BearerCaller auth, RealmModel realm, List<ActionRequest.Action> actions) {
        List<String> names = actions.stream().map(ActionRequest.Action::action).toList();
        ActionCatalog catalog = CatalogCheck.of(session, realm);
        List<String> refused = catalog.refuse(names);
        if (refused.isEmpty()) {
            return null;
        }
        CatalogCheck.recordRefused(session, realm.getId(), refused);
        List<RejectedBody.Problem> problems = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            if (refused.contains(names.get(i)) && reported.add(names.get(i))) {
                problems.add(new RejectedBody.Problem(i, "action", catalog.mode() == ActionCatalog.Mode.STRICT
                        ? "'" + names.get(i) + "' is not in the realm's action catalog"
                        : "'" + names.get(i) + "' would exceed the realm's " + catalog.maxNames() + " distinct action names"));
            }
        }
        String message = catalog.mode() == ActionCatalog.Mode.STRICT
                ? "Realm " + realm.getName() + " accepts only the action names in its catalog"
                : "Realm " + realm.getName() + " already has " + catalog.maxNames()
                        + " distinct action names; new names need an entry in its catalog or a higher cap";
        return error(auth, 400, "unknown_action", message, problems);
    }

    private Response rateLimited(BearerCaller auth, Quotas.Refusal refusal) {
        quotas.holdBack(refusal);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "rate_limited");
        body.put("message", refusal.message());
        return withCors(auth, Response.status(429).type(MediaType.APPLICATION_JSON)
                .header("Retry-After", String.valueOf(refusal.retryAfterSeconds())).entity(body));
    }

    /** A service account with the realm role org-analytics-recorder: may record for others, has its own quota. */
    private boolean isRecorder(RealmModel realm, UserModel caller) {
        RoleModel recorder = realm.getRole(OrgAnalytics.RECORDER_ROLE);
        return caller.getServiceAccountClientLink() != null && recorder != null && caller.hasRole(recorder);
    }

    /** Reads up to the largest accepted body and drops it; a larger one is left to the server to reset. */
    private static void discard(InputStream in) {
        if (in == null) {
            return;
        }
        try {
            long left = ActionRequest.MAX_BODY_BYTES + 1L;
            byte[] buffer = new byte[8192];
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException e) {
            // A client that went away: nothing to answer it anyway.
        }
    }

    private static byte[] readBounded(InputStream in) throws IOException, RejectedBody {
        if (in == null) {
            return new byte[0];
        }
        byte[] bytes = in.readNBytes(ActionRequest.MAX_BODY_BYTES + 1);
        if (bytes.length > ActionRequest.MAX_BODY_BYTES) {
            throw ActionRequest.bodyTooLarge();
        }
        return bytes;
    }

    private String origin() {
        return session.getContext().getRequestHeaders().getHeaderString("Origin");
    }

    /** This server's own origin as the request reached it (scheme, host and port of the request URI). */
    private String ownOrigin() {
        URI uri = session.getContext().getUri().getRequestUri();
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private Response withCors(BearerCaller auth, Response.ResponseBuilder rb) {
        ActionCors.response(origin(), ownOrigin(), auth != null ? auth.token().getAllowedOrigins() : null).forEach(rb::header);
        return rb.build();
    }

    private Response error(BearerCaller auth, int status, String error, String message, List<RejectedBody.Problem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        if (problems != null && !problems.isEmpty()) {
            body.put("details", problems.stream().map(RejectedBody.Problem::toJson).toList());
        }
        Response.ResponseBuilder rb = Response.status(status).type(MediaType.APPLICATION_JSON).entity(body);
        if (status == 401) {
            rb.header("WWW-Authenticate", "Bearer realm=\"" + session.getContext().getRealm().getName() + "\"");
        }
        return withCors(auth, rb);
    }
}
