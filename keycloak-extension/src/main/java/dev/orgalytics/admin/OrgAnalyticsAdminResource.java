package dev.orgalytics.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import dev.orgalytics.stats.ActionsReport;
import dev.orgalytics.stats.Column;
import dev.orgalytics.stats.DormantReport;
import dev.orgalytics.stats.Interval;
import dev.orgalytics.stats.LeaderboardPeriod;
import dev.orgalytics.stats.LeaderboardReport;
import dev.orgalytics.stats.LoginBreakdownReport;
import dev.orgalytics.stats.LoginsReport;
import dev.orgalytics.stats.OrganizationLeaderboard;
import dev.orgalytics.stats.OrganizationsReport;
import dev.orgalytics.stats.ReportRange;
import dev.orgalytics.stats.StalledReport;
import dev.orgalytics.stats.SummaryReport;
import dev.orgalytics.stats.UsageReport;
import dev.orgalytics.stats.UserFilter;
import dev.orgalytics.stats.UsersReport;

/**
 * {@code /admin/realms/{realm}/org-analytics}: the organization's reports. Keycloak has already
 * authenticated the admin and answered CORS when this runs; permissions come from the evaluator
 * it hands us. Each route checks the permission, parses its parameters, runs its report (in
 * {@code stats}) and answers through {@link ReportResponses}: JSON or, with {@code format=csv} or
 * {@code Accept: text/csv}, a streamed CSV download recorded as an admin event.
 */
public class OrgAnalyticsAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final Clock clock;
    private final Duration closedAfter;
    private final boolean auditReads;
    private final ReportPermissions permissions;
    private final ReportResponses responses;
    private final RealmLookups lookups;

    public OrgAnalyticsAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
                                     AdminEventBuilder adminEvent, Clock clock, Duration closedAfter, boolean auditReads) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.CUSTOM);
        this.clock = clock;
        this.closedAfter = closedAfter;
        this.auditReads = auditReads;
        this.permissions = new ReportPermissions(auth, () -> OrganizationViewRights.viewable(auth, session, realm));
        this.responses = new ReportResponses(session, realm, this.adminEvent, auditReads);
        this.lookups = new RealmLookups(session, realm);
    }

    /** The realm's action catalog: {@code GET} and {@code PUT}. */
    @Path("catalog")
    public CatalogResource catalog() {
        return new CatalogResource(session, realm, auth, adminEvent, auditReads);
    }

    @GET
    @Path("summary")
    @Produces(MediaType.APPLICATION_JSON)
    public Response summary(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                            @QueryParam("group") String group, @QueryParam("organization") String organization,
                            @QueryParam("compare") String compare) {
        // An organization's counts tell nothing about its people: the totals role may read them.
        ReportPermissions.Totals reader = permissions.requireTotals(group);
        return responses.read("summary", () -> {
            reader.requireOwnOrganization(lookups.organizationIdOrNull(organization), organization);
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            boolean previous = Params.comparePrevious(compare);
            UserFilter users = lookups.users(group, null, null, organization);
            Function<Map<String, Long>, List<String>> naming = lookups.actionNaming();
            SummaryReport.Answer a = responses.query(db -> SummaryReport.answer(db, users, range, previous, clock.instant(), naming));
            Map<String, Object> body = responses.body(Map.of(), range);
            body.putAll(RowRenderer.json(SummaryReport.COLUMNS, a.summary(), range.zone()));
            body.putAll(RowRenderer.json(DormantReport.COUNT_COLUMNS, a.dormant(), range.zone()));
            if (a.previous() != null) {
                body.put("previous", RowRenderer.json(SummaryReport.PREVIOUS_COLUMNS, a.previous(), range.zone()));
            }
            return ReportResponses.json(body);
        });
    }

    @GET
    @Path("users")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response users(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                          @QueryParam("group") String group, @QueryParam("role") String role,
                          @QueryParam("search") String search, @QueryParam("organization") String organization,
                          @QueryParam("sort") String sort, @QueryParam("order") String order,
                          @QueryParam("first") String first, @QueryParam("max") String max,
                          @QueryParam("format") String format, @QueryParam("bom") String bom) {
        permissions.requireUserStats();
        return responses.read("users", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            UserFilter users = lookups.users(group, role, search, organization);
            UsersReport.UserSort by = Params.enumValue("sort", sort, UsersReport.UserSort.class, UsersReport.UserSort.USERNAME,
                    "lastLoginAt|logins|actions|lastActionAt|username|email|firstName|lastName|createdAt");
            boolean desc = Params.descending(order);
            List<Column<UsersReport.UserRow>> columns = responses.columns(UsersReport.COLUMNS);
            return responses.list("users", "users", range, Map.of(), first, max, format, bom, columns,
                    (db, offset, limit, sink) -> UsersReport.list(db, users, range, by, desc, offset, limit, columns, sink),
                    db -> UsersReport.count(db, users));
        });
    }

    @GET
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response user(@PathParam("userId") String userId, @QueryParam("from") String from,
                         @QueryParam("to") String to, @QueryParam("tz") String tz,
                         @QueryParam("organization") String organization) {
        permissions.requireUserStats();
        return responses.read("user", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            UserFilter filter = lookups.users(null, null, null, organization).onlyUser(userId);
            UserModel person = lookups.person(userId);
            if (person == null) {
                return ReportResponses.error(404, "not_found", "No user " + userId + " in realm " + realm.getName());
            }
            permissions.requireUserStats(person);
            UsersReport.Detail detail = responses.query(db -> UsersReport.detail(db, filter, range));
            if (detail == null) {
                // Only an organization filter can leave out a user of the realm: not one of its members.
                return ReportResponses.error(404, "not_found", "No user " + userId + " in organization " + organization);
            }
            return responses.detail(range, UsersReport.COLUMNS, detail.user(), detail.actionsByType(), detail.daily());
        });
    }

    @GET
    @Path("usage")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response usage(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                          @QueryParam("group") String group, @QueryParam("organization") String organization,
                          @QueryParam("interval") String interval,
                          @QueryParam("format") String format, @QueryParam("bom") String bom) {
        ReportPermissions.Totals reader = permissions.requireTotals(group);
        return responses.read("usage", () -> {
            reader.requireOwnOrganization(lookups.organizationIdOrNull(organization), organization);
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            Interval every = Interval.parse(interval);
            UserFilter users = lookups.users(group, null, null, organization);
            List<UsageReport.Bucket> buckets = responses.query(db -> UsageReport.run(db, users, range, every, clock.instant(),
                    closedAfter));
            if (responses.csv(format)) {
                // Catalogued names first, at most the cap of columns; the rest summed in "otherActions".
                Map<String, Long> totals = UsageReport.actionTotals(buckets);
                List<String> names = lookups.actionNaming().apply(totals);
                return responses.export("usage", range, bom, UsageReport.csvColumns(names, !names.containsAll(totals.keySet())),
                        buckets);
            }
            return responses.rows(Map.of("interval", every.name().toLowerCase(Locale.ROOT)), range, "buckets",
                    UsageReport.COLUMNS, buckets);
        });
    }

    @GET
    @Path("leaderboard")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response leaderboard(@QueryParam("period") String period, @QueryParam("metric") String metric,
                                @QueryParam("limit") String limit, @QueryParam("group") String group,
                                @QueryParam("organization") String organization, @QueryParam("from") String from, @QueryParam("to") String to,
                                @QueryParam("tz") String tz, @QueryParam("by") String by,
                                @QueryParam("format") String format, @QueryParam("bom") String bom) {
        // Like a group, an organization filter on people tells who is in it: not for the totals role.
        ReportPermissions.Totals reader = permissions.requireTotals(group != null && !group.isBlank() ? group : organization);
        return responses.read("leaderboard", () -> {
            LeaderboardPeriod p = LeaderboardPeriod.parse(period);
            ReportRange range = p.range(from, to, tz, clock);
            String scoredBy = Params.metric(metric);
            int top = Params.max(limit, 10, 100, "limit");
            Map<String, Object> question = new LinkedHashMap<>();
            question.put("period", p.label());
            question.put("metric", scoredBy);
            if (Params.byOrganization(by, group, organization)) {
                question.put("by", "organization");
                // Ranked among the organizations the caller may see.
                List<OrganizationLeaderboard.Entry> ranked = responses.query(db -> OrganizationLeaderboard.run(db, realm.getId(),
                        reader.organizations(), range, scoredBy, top));
                return responses.csv(format) ? responses.export("leaderboard", range, bom, OrganizationLeaderboard.COLUMNS, ranked)
                        : responses.rows(question, range, "organizations", OrganizationLeaderboard.COLUMNS, ranked);
            }
            reader.requireWholeRealm("The leaderboard of people");
            UserFilter users = lookups.users(group, null, null, organization);
            List<LeaderboardReport.Entry> entries = responses.query(db -> LeaderboardReport.run(db, users, range.start(),
                    range.end(), scoredBy, top));
            List<Column<LeaderboardReport.Entry>> columns = reader.people() ? LeaderboardReport.COLUMNS : LeaderboardReport.TOTALS_ONLY_COLUMNS;
            return responses.csv(format) ? responses.export("leaderboard", range, bom, columns, entries)
                    : responses.rows(question, range, "entries", columns, entries);
        });
    }

    @GET
    @Path("actions")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response actions(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                            @QueryParam("group") String group, @QueryParam("user") String user,
                            @QueryParam("client") String client, @QueryParam("action") String action,
                            @QueryParam("targetType") String targetType, @QueryParam("targetId") String targetId,
                            @QueryParam("organization") String organization, @QueryParam("first") String first, @QueryParam("max") String max,
                            @QueryParam("format") String format, @QueryParam("bom") String bom) {
        permissions.requireEventLogs();
        return responses.read("actions", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            UserFilter users = lookups.users(group, null, null);
            ActionsReport.Filter f = new ActionsReport.Filter(lookups.userId(user), Params.blankToNull(client),
                    Params.blankToNull(action), Params.blankToNull(targetType), Params.blankToNull(targetId),
                    lookups.organizationId(organization));
            return responses.list("actions", "actions", range, Map.of(), first, max, format, bom, responses.columns(ActionsReport.COLUMNS),
                    (db, offset, limit, sink) -> ActionsReport.list(db, users, range, f, offset, limit, sink),
                    db -> ActionsReport.count(db, users, range, f));
        });
    }

    @GET
    @Path("logins")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response logins(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                           @QueryParam("group") String group, @QueryParam("user") String user,
                           @QueryParam("client") String client, @QueryParam("outcome") String outcome,
                           @QueryParam("organization") String organization, @QueryParam("first") String first, @QueryParam("max") String max,
                           @QueryParam("format") String format, @QueryParam("bom") String bom) {
        permissions.requireEventLogs();
        return responses.read("logins", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            UserFilter users = lookups.users(group, null, null);
            LoginsReport.Filter f = new LoginsReport.Filter(lookups.userId(user), Params.blankToNull(client), Params.outcome(outcome),
                    lookups.organizationId(organization));
            return responses.list("logins", "logins", range, Map.of(), first, max, format, bom, responses.columns(LoginsReport.COLUMNS),
                    (db, offset, limit, sink) -> LoginsReport.list(db, users, range, f, offset, limit, sink),
                    db -> LoginsReport.count(db, users, range, f));
        });
    }

    /** Logins by client, identity provider and failure reason; as CSV one table with a {@code dimension} column. */
    @GET
    @Path("insights/logins")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response loginBreakdown(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                                   @QueryParam("group") String group, @QueryParam("organization") String organization,
                                   @QueryParam("format") String format, @QueryParam("bom") String bom) {
        permissions.requireEventLogs();
        return responses.read("login-breakdown", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            UserFilter users = lookups.users(group, null, null);
            String org = lookups.organizationId(organization);
            var lists = responses.query(db -> LoginBreakdownReport.all(db, users, range, org));
            if (responses.csv(format)) {
                return responses.export("login-breakdown", range, bom, LoginBreakdownReport.CSV_COLUMNS,
                        lists.values().stream().flatMap(List::stream).toList());
            }
            Map<String, Object> body = responses.body(Map.of(), range);
            lists.forEach((d, rows) -> body.put(d.listKey, RowRenderer.jsonRows(LoginBreakdownReport.columns(d), rows, range.zone())));
            return ReportResponses.json(body);
        });
    }

    /** One row per organization of the realm, active or not, with the range's activity attributed to it. */
    @GET
    @Path("organizations")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response organizations(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("tz") String tz,
                                  @QueryParam("search") String search, @QueryParam("sort") String sort,
                                  @QueryParam("order") String order, @QueryParam("first") String first,
                                  @QueryParam("max") String max, @QueryParam("format") String format,
                                  @QueryParam("bom") String bom) {
        // An organization's totals tell nothing about its people: the totals role may read them, and
        // an admin limited to some organizations reads theirs.
        ReportPermissions.Totals reader = permissions.requireTotals(null);
        return responses.read("organizations", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            OrganizationsReport.OrganizationSort by = Params.enumValue("sort", sort, OrganizationsReport.OrganizationSort.class,
                    OrganizationsReport.OrganizationSort.NAME,
                    "id|alias|name|members|activeMembers|logins|failedLogins|actions|lastActivityAt");
            boolean desc = Params.descending(order);
            String text = Params.blankToNull(search);
            return responses.list("organizations", "organizations", range, Map.of(), first, max, format, bom,
                    responses.columns(OrganizationsReport.COLUMNS),
                    (db, offset, limit, sink) -> OrganizationsReport.list(db, realm.getId(), range, reader.organizations(), text, by,
                            desc, offset, limit, sink),
                    db -> OrganizationsReport.count(db, realm.getId(), reader.organizations(), text));
        });
    }

    /**
     * One organization (id or alias) with its actions per name and a daily series; 404 when the realm
     * has none such, except to an admin limited to organizations, who gets 403 for any not theirs.
     */
    @GET
    @Path("organizations/{organization}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response organization(@PathParam("organization") String organization, @QueryParam("from") String from,
                                 @QueryParam("to") String to, @QueryParam("tz") String tz) {
        ReportPermissions.Totals reader = permissions.requireTotals(null);
        return responses.read("organization", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            String id = lookups.organizationIdOrNull(organization);
            reader.requireOwnOrganization(id, organization);
            if (id == null) {
                return ReportResponses.error(404, "not_found", "No organization " + organization + " in realm " + realm.getName());
            }
            OrganizationsReport.Detail detail = responses.query(db -> OrganizationsReport.detail(db, realm.getId(), id, range));
            return responses.detail(range, OrganizationsReport.COLUMNS, detail.organization(), detail.actionsByType(),
                    detail.daily());
        });
    }

    @GET
    @Path("insights/stalled")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response stalled(@QueryParam("did") String did, @QueryParam("without") String without,
                            @QueryParam("min") String min, @QueryParam("from") String from,
                            @QueryParam("to") String to, @QueryParam("tz") String tz,
                            @QueryParam("group") String group, @QueryParam("organization") String organization,
                            @QueryParam("first") String first, @QueryParam("max") String max,
                            @QueryParam("format") String format, @QueryParam("bom") String bom) {
        permissions.requireUserStats();
        return responses.read("stalled", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            String didAction = Params.actionName("did", did);
            String withoutAction = Params.actionName("without", without);
            long atLeast = Params.max(min, 1, Integer.MAX_VALUE, "min");
            UserFilter users = lookups.users(group, null, null, organization);
            Map<String, Object> question = new LinkedHashMap<>();
            question.put("did", didAction);
            question.put("without", withoutAction);
            question.put("min", atLeast);
            return responses.list("stalled", "users", range, question, first, max, format, bom, responses.columns(StalledReport.COLUMNS),
                    (db, offset, limit, sink) -> StalledReport.list(db, users, range, didAction, withoutAction, atLeast,
                            offset, limit, sink),
                    null);
        });
    }

    /**
     * Users with no successful login and no action in the last {@code days} days whose account is
     * older than that (see {@link DormantReport}), never active first, then the longest quiet.
     */
    @GET
    @Path("insights/dormant")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response dormant(@QueryParam("days") String days, @QueryParam("tz") String tz,
                            @QueryParam("group") String group, @QueryParam("organization") String organization,
                            @QueryParam("search") String search, @QueryParam("first") String first,
                            @QueryParam("max") String max, @QueryParam("format") String format, @QueryParam("bom") String bom) {
        permissions.requireUserStats();
        return responses.read("dormant", () -> {
            int quiet = Params.max(days, DormantReport.DEFAULT_DAYS, DormantReport.MAX_DAYS, "days");
            Instant now = clock.instant();
            long cutoff = DormantReport.cutoff(now, quiet);
            // The quiet period as the answer's range: its first and last day, and the file name's.
            ReportRange range = ReportRange.between(Instant.ofEpochMilli(cutoff), now, tz);
            UserFilter users = lookups.users(group, null, search, organization);
            List<Column<DormantReport.DormantUser>> columns = responses.columns(DormantReport.COLUMNS);
            boolean groups = columns.stream().anyMatch(c -> c.name().equals("groups"));
            Map<String, Object> question = new LinkedHashMap<>();
            question.put("days", quiet);
            question.put("since", Times.iso(cutoff, range.zone()));
            return responses.list("dormant", "users", range, question, first, max, format, bom, columns,
                    (db, offset, limit, sink) -> DormantReport.list(db, users, cutoff, offset, limit, groups, sink),
                    db -> DormantReport.count(db, users, cutoff));
        });
    }

    @GET
    @Path("openapi.json")
    @Produces(MediaType.APPLICATION_JSON)
    public Response openApi() {
        permissions.requireAnyAdminRole();
        return Response.ok(getClass().getResourceAsStream("/META-INF/org-analytics/openapi.json"), MediaType.APPLICATION_JSON)
                .header("Cache-Control", ReportResponses.NO_STORE).build();
    }
}
