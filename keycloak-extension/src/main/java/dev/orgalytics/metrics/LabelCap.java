package dev.orgalytics.metrics;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the values one label may take per realm: the first {@code max} distinct values seen in a
 * realm keep their name, later ones are reported as {@value #OTHER}. Action names and client ids
 * come from applications, so without a cap a buggy client could create a series per request.
 */
public final class LabelCap {

    public static final String OTHER = "other";

    private final int max;
    private final Map<String, Set<String>> admittedByRealm = new ConcurrentHashMap<>();

    public LabelCap(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, was " + max);
        }
        this.max = max;
    }

    /** The label value to report for {@code value} in {@code realm}. */
    public String label(String realm, String value) {
        if (value == null || value.isEmpty()) {
            return OTHER;
        }
        Set<String> admitted = admittedByRealm.computeIfAbsent(realm, r -> ConcurrentHashMap.newKeySet());
        if (admitted.contains(value)) {
            return value;
        }
        synchronized (admitted) {
            // Checked again under the lock so concurrent first sightings cannot overshoot the cap.
            if (admitted.contains(value) || admitted.size() < max && admitted.add(value)) {
                return value;
            }
        }
        return OTHER;
    }

    /** Forgets a realm's values (the realm was removed). */
    public void forget(String realm) {
        admittedByRealm.remove(realm);
    }
}
