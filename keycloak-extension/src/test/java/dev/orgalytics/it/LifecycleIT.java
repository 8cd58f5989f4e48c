package dev.orgalytics.it;

import static dev.orgalytics.it.Fixtures.await;
import static dev.orgalytics.it.Fixtures.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Deletions take analytics rows with them; a broken analytics store never breaks a login. */
class LifecycleIT {

    /** A user with a login, an action in each of two buckets, and every roll-up row that follows. */
    private static String activeUser(Fixtures.Realm realm, String username) {
        String userId = realm.user(username);
        String token = realm.token(username);
        Http.Response r = Http.send("POST", realm.actionsUrl(), token, Map.of("actions", List.of(
                Map.of("action", "job_posted"),
                Map.of("action", "profile_viewed", "occurredAt", java.time.Instant.now().minusSeconds(3600).toString()))));
        assertEquals(202, r.status(), r.body());
        await("the login of " + username, () -> count("SELECT LOGINS FROM OA_USER_TOTALS WHERE USER_ID = ?", userId) == 1);
        return userId;
    }

    @Test
    void deletingAUserDeletesTheirRows() {
        Fixtures.Realm realm = Fixtures.realm("lifecycle-user");
        String gone = activeUser(realm, "gone");
        String kept = activeUser(realm, "kept");
        assertTrue(Fixtures.rowsOfUser(realm.id(), gone) >= 7, "login, 2 actions, 2+ activity, 2 action counts, totals");
        Fixtures.assertRealmRollupsEqualUserSums(realm.id());
        long realmActions = count("SELECT SUM(ACTIONS) FROM OA_REALM_ACTIVITY WHERE REALM_ID = ?", realm.id());
        assertEquals(4, realmActions, "two actions of each user");

        realm.admin().deleteUser(realm.name(), gone);

        assertEquals(0, Fixtures.rowsOfUser(realm.id(), gone));
        assertEquals(Fixtures.rowsOfUser(realm.id(), kept), Fixtures.userRowsOfRealm(realm.id()));
        assertTrue(Fixtures.rowsOfUser(realm.id(), kept) >= 7);
        // The realm's sums lose exactly the deleted user's part.
        assertEquals(2, count("SELECT SUM(ACTIONS) FROM OA_REALM_ACTIVITY WHERE REALM_ID = ?", realm.id()));
        Fixtures.assertRealmRollupsEqualUserSums(realm.id());
    }

    @Test
    void deletingARealmDeletesAllItsRows() {
        Fixtures.Realm doomed = Fixtures.realm("lifecycle-realm");
        Fixtures.Realm other = Fixtures.realm("lifecycle-other");
        activeUser(doomed, "user1");
        activeUser(doomed, "user2");
        activeUser(other, "user3");
        long otherRows = Fixtures.rowsOfRealm(other.id());

        doomed.admin().deleteRealm(doomed.name());

        assertEquals(0, Fixtures.rowsOfRealm(doomed.id()));
        assertEquals(otherRows, Fixtures.rowsOfRealm(other.id()));
    }

    /**
     * With the analytics tables gone (renamed away), logins still succeed and actions are refused
     * with a 5xx rather than acknowledged; once the tables are back, capture resumes by itself.
     */
    @Test
    void storageFailureLeavesLoginsWorking() {
        Fixtures.Realm realm = Fixtures.realm("lifecycle-broken");
        String userId = realm.user("hank");
        String before = realm.token("hank");
        await("the first login", () -> count("SELECT LOGINS FROM OA_USER_TOTALS WHERE USER_ID = ?", userId) == 1);

        Fixtures.execute("ALTER TABLE OA_LOGIN_EVENT RENAME TO OA_LOGIN_EVENT_OFF");
        Fixtures.execute("ALTER TABLE OA_ACTION RENAME TO OA_ACTION_OFF");
        try {
            for (int i = 0; i < 5; i++) {
                Http.Response login = Tokens.passwordGrantResponse(realm.name(), "web", null, "hank", Fixtures.PASSWORD);
                assertEquals(200, login.status(), "login must work while analytics storage fails: " + login.body());
            }
            Http.Response action = Http.send("POST", realm.actionsUrl(), before, Map.of("action", "job_posted"));
            assertTrue(action.status() >= 500, "an action that could not be stored is not acknowledged: " + action.status());
        } finally {
            Fixtures.execute("ALTER TABLE OA_ACTION_OFF RENAME TO OA_ACTION");
            Fixtures.execute("ALTER TABLE OA_LOGIN_EVENT_OFF RENAME TO OA_LOGIN_EVENT");
        }

        realm.token("hank");
        await("capture after recovery", () -> count("SELECT COUNT(*) FROM OA_LOGIN_EVENT WHERE USER_ID = ?", userId) >= 2);
        assertEquals(0, count("SELECT COUNT(*) FROM OA_ACTION WHERE REALM_ID = ?", realm.id()));
        Http.Response action = Http.send("POST", realm.actionsUrl(), realm.token("hank"), Map.of("action", "job_posted"));
        assertEquals(202, action.status(), action.body());
    }
}
