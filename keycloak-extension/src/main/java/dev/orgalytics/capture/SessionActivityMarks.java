package dev.orgalytics.capture;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.orgalytics.store.TimeBuckets;

/**
 * The users of this node already known active in the current quarter hour, so that their next
 * token refreshes in it cost a set look-up instead of a write: activity is counted per quarter hour,
 * and a user refreshing every minute needs one write in fifteen. Only the current quarter hour and
 * the one before are kept (events of a request arrive a little late near the turn); older events
 * are never skipped. Past {@code capacity} users a quarter hour, users are no longer remembered and
 * every refresh is written: memory stays bounded, and activity is never lost to it.
 */
final class SessionActivityMarks {

    private final int capacity;
    private volatile Marks current = new Marks(Long.MIN_VALUE);
    private volatile Marks previous = new Marks(Long.MIN_VALUE);

    private record Marks(long bucket, Set<String> users) {
        Marks(long bucket) {
            this(bucket, ConcurrentHashMap.newKeySet());
        }
    }

    SessionActivityMarks(int capacity) {
        this.capacity = capacity;
    }

    /** Whether {@code userId} of {@code realmId} is already known active in the quarter hour holding {@code time}. */
    boolean known(String realmId, String userId, long time) {
        long bucket = TimeBuckets.bucketStart(time);
        Marks c = current;
        if (c.bucket() == bucket) {
            return c.users().contains(key(realmId, userId));
        }
        Marks p = previous;
        return p.bucket() == bucket && p.users().contains(key(realmId, userId));
    }

    /** Remembers {@code userId} active in the quarter hour holding {@code time} (once its activity was handed to the writer). */
    void mark(String realmId, String userId, long time) {
        long bucket = TimeBuckets.bucketStart(time);
        Marks c = current;
        if (bucket > c.bucket()) {
            synchronized (this) {
                if (bucket > current.bucket()) {
                    previous = current;
                    current = new Marks(bucket);
                }
                c = current;
            }
        }
        Marks target = c.bucket() == bucket ? c : previous.bucket() == bucket ? previous : null;
        if (target != null && target.users().size() < capacity) {
            target.users().add(key(realmId, userId));
        }
    }

    private static String key(String realmId, String userId) {
        return realmId + '\u0000' + userId;
    }
}
