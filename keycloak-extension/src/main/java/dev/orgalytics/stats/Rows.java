package dev.orgalytics.stats;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** What the report queries return: plain values, epoch milliseconds for times. */
public final class Rows {

    private Rows() {
    }

    public record Summary(long totalUsers, long enabledUsers, long newUsers, long activeUsers, long dau, long wau,
                          long mau, long logins, long failedLogins, long actions, Map<String, Long> actionsByType) {
    }

    public record UserRow(String id, String username, String firstName, String lastName, String email,
                          boolean enabled, Long createdAt, List<String> groups, List<String> roles, long logins,
                          long failedLogins, Long lastLoginAt, long actions, Long lastActionAt) {
    }

    public record Day(LocalDate date, long logins, long failedLogins, long actions) {
    }

    public record UsageBucket(Interval.Period period, long activeUsers, long logins, long failedLogins, long newUsers,
                              long actions, Map<String, Long> actionsByType) {
    }

    public record LeaderEntry(int rank, String userId, String username, String firstName, String lastName,
                              String email, long score) {
    }

    public record ActionEntry(String id, long occurredAt, String action, String userId, String username, String email,
                              String firstName, String lastName, String clientId, String page, String targetType,
                              String targetId, String targetName, String properties) {
    }

    public record LoginEntry(long time, String userId, String username, String clientId, boolean success,
                             String error, String ipAddress) {
    }

    public record StalledUser(String userId, String username, String email, String firstName, String lastName,
                              long didCount, Long lastActiveAt) {
    }
}
