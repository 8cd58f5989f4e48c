package dev.orgalytics.admin;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.orgalytics.stats.Column;
import dev.orgalytics.stats.DormantReport;
import dev.orgalytics.stats.FunnelReport;
import dev.orgalytics.stats.Interval;
import dev.orgalytics.stats.LoginBreakdownReport;
import dev.orgalytics.stats.ReportRange;
import dev.orgalytics.stats.RetentionReport;
import dev.orgalytics.stats.StalledReport;
import dev.orgalytics.stats.UserFilter;

/**
 * {@code /admin/realms/{realm}/org-analytics/insights}: what a manager acts on (who stalled, who
 * went quiet, where people drop off, who comes back). Routes as thin as the main resource's, on
 * its permissions, lookups and responses.
 */
public class InsightsResource {

    private final ReportPermissions permissions;
    private final ReportResponses responses;
    private final RealmLookups lookups;
    private final Clock clock;

    InsightsResource(ReportPermissions permissions, ReportResponses responses, RealmLookups lookups, Clock clock) {
        this.permissions = permissions;
        this.responses = responses;
        this.lookups = lookups;
        this.clock = clock;
    }

    @GET
    @Path("stalled")
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
    @Path("dormant")
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

    /**
     * Each step's users and conversion ({@link FunnelReport}); with {@code stoppedAt}, a page of the
     * users who reached that step but not the next, the step counts beside it. Raw actions: the
     * people rights, as the stalled insight (its two-step case).
     */
    @GET
    @Path("funnel")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response funnel(@QueryParam("steps") String steps, @QueryParam("windowDays") String windowDays,
                           @QueryParam("stoppedAt") String stoppedAt, @QueryParam("from") String from,
                           @QueryParam("to") String to, @QueryParam("tz") String tz,
                           @QueryParam("group") String group, @QueryParam("organization") String organization,
                           @QueryParam("first") String first, @QueryParam("max") String max,
                           @QueryParam("format") String format, @QueryParam("bom") String bom) {
        permissions.requireUserStats();
        return responses.read("funnel", () -> {
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            List<String> names = FunnelReport.requireSteps(Params.actionNames("steps", steps));
            int window = Params.max(windowDays, FunnelReport.DEFAULT_WINDOW_DAYS, FunnelReport.MAX_WINDOW_DAYS, "windowDays");
            Integer stopped = Params.blankToNull(stoppedAt) == null ? null
                    : FunnelReport.stoppedIndex(names, Params.actionName("stoppedAt", stoppedAt));
            UserFilter users = lookups.users(group, null, null, organization);
            Map<String, Object> question = new LinkedHashMap<>();
            question.put("windowDays", window);
            boolean csv = responses.csv(format);
            if (stopped == null) {
                List<FunnelReport.Step> counts = responses.query(db -> FunnelReport.steps(db, users, range, names, window));
                return csv ? responses.export("funnel", range, bom, FunnelReport.COLUMNS, counts)
                        : responses.rows(question, range, "steps", FunnelReport.COLUMNS, counts);
            }
            question.put("stoppedAt", stoppedAt);
            if (!csv) {
                question.put("steps", RowRenderer.jsonRows(FunnelReport.COLUMNS,
                        responses.query(db -> FunnelReport.steps(db, users, range, names, window)), range.zone()));
            }
            return responses.list("funnel", "users", range, question, first, max, format, bom,
                    responses.columns(FunnelReport.STOPPED_COLUMNS),
                    (db, offset, limit, sink) -> FunnelReport.stopped(db, users, range, names, window, stopped, offset, limit, sink),
                    db -> FunnelReport.countStopped(db, users, range, names, window, stopped));
        });
    }

    /**
     * Cohorts by the period of their users' first activity, and how many came back in each period
     * after ({@link RetentionReport}). Counts only: the totals role reads them, as the usage report.
     */
    @GET
    @Path("retention")
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    public Response retention(@QueryParam("interval") String interval, @QueryParam("from") String from,
                              @QueryParam("to") String to, @QueryParam("tz") String tz,
                              @QueryParam("group") String group, @QueryParam("organization") String organization,
                              @QueryParam("format") String format, @QueryParam("bom") String bom) {
        ReportPermissions.Totals reader = permissions.requireTotals(group);
        return responses.read("retention", () -> {
            reader.requireOwnOrganization(lookups.organizationIdOrNull(organization), organization);
            ReportRange range = ReportRange.parse(from, to, tz, clock);
            Interval every = Interval.parse(interval);
            RetentionReport.periods(range, every);
            UserFilter users = lookups.users(group, null, null, organization);
            List<RetentionReport.Cohort> cohorts = responses.query(db -> RetentionReport.run(db, users, range, every));
            if (responses.csv(format)) {
                return responses.export("retention", range, bom, RetentionReport.CSV_COLUMNS, RetentionReport.cells(cohorts));
            }
            return responses.rows(Map.of("interval", every.name().toLowerCase(Locale.ROOT)), range, "cohorts",
                    RetentionReport.COLUMNS, cohorts);
        });
    }

    /** Logins by client, identity provider and failure reason; as CSV one table with a {@code dimension} column. */
    @GET
    @Path("logins")
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
}
