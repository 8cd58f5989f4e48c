package dev.orgalytics.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A realm's tracking plan: the action names it knows, each with a description, and what happens to
 * a name it does not know. {@code open}: any valid name is accepted until the realm has
 * {@code maxNames} distinct names (catalogued plus already recorded); {@code strict}: only
 * catalogued names. One instance is cached per realm and also remembers the names it admitted
 * since it was loaded, so concurrent requests on a node cannot pass the cap together.
 */
public final class ActionCatalog {

    public static final int DEFAULT_MAX_NAMES = 300;
    public static final int MAX_DESCRIPTION = 255;

    public enum Mode {
        OPEN, STRICT;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The mode named {@code value} ({@code open} or {@code strict}), or null. */
        public static Mode parse(String value) {
            if ("open".equals(value)) return OPEN;
            if ("strict".equals(value)) return STRICT;
            return null;
        }
    }

    public record Entry(String name, String description) {
    }

    private final Mode mode;
    private final List<Entry> entries;
    private final Set<String> catalogued = new HashSet<>();
    private final Set<String> known = new HashSet<>();
    private final int maxNames;

    /** {@code recorded}: names the realm already has actions of (they stay accepted in open mode). */
    public ActionCatalog(Mode mode, List<Entry> entries, Collection<String> recorded, int maxNames) {
        this.mode = mode;
        this.entries = List.copyOf(entries);
        this.maxNames = maxNames;
        entries.forEach(e -> catalogued.add(e.name()));
        known.addAll(catalogued);
        known.addAll(recorded);
    }

    /** A realm that never saved a catalog: open, nothing catalogued. */
    public static ActionCatalog empty(Collection<String> recorded, int maxNames) {
        return new ActionCatalog(Mode.OPEN, List.of(), recorded, maxNames);
    }

    public Mode mode() {
        return mode;
    }

    public List<Entry> entries() {
        return entries;
    }

    public int maxNames() {
        return maxNames;
    }

    public synchronized int knownNames() {
        return known.size();
    }

    /**
     * The names of a request that this catalog refuses, in the order given; empty when all are
     * accepted. In open mode new names are admitted only all together (a refused request stores
     * nothing, so it reserves no room either).
     */
    public synchronized List<String> refuse(Collection<String> names) {
        Set<String> distinct = new LinkedHashSet<>(names);
        List<String> refused = new ArrayList<>();
        if (mode == Mode.STRICT) {
            for (String n : distinct) {
                if (!catalogued.contains(n)) refused.add(n);
            }
            return refused;
        }
        List<String> fresh = new ArrayList<>();
        for (String n : distinct) {
            if (!known.contains(n)) fresh.add(n);
        }
        int room = Math.max(0, maxNames - known.size());
        if (fresh.size() <= room) {
            known.addAll(fresh);
            return refused;
        }
        return fresh.subList(room, fresh.size());
    }

    /**
     * The action names a report lists (dropdowns, the usage CSV's columns): the catalogued names
     * first, in the catalog's order, then the others by descending count (ties by name), never more
     * than {@code maxNames}.
     */
    public static List<String> displayOrder(List<String> catalogued, Map<String, Long> counts, int maxNames) {
        LinkedHashSet<String> out = new LinkedHashSet<>();
        for (String n : catalogued) {
            if (out.size() >= maxNames) break;
            out.add(n);
        }
        List<Map.Entry<String, Long>> rest = new ArrayList<>(counts.entrySet());
        rest.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Long> e : rest) {
            if (out.size() >= maxNames) break;
            out.add(e.getKey());
        }
        return new ArrayList<>(out);
    }

    /**
     * Problems of a catalog an admin wants to save, as {@code index -> message} (-1 for the whole
     * list); empty when it may be saved.
     */
    public static Map<Integer, String> problems(List<Entry> entries, int maxNames) {
        Map<Integer, String> problems = new LinkedHashMap<>();
        if (entries.size() > maxNames) {
            problems.put(-1, "at most " + maxNames + " actions, this catalog has " + entries.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (!ActionName.valid(e.name())) {
                problems.put(i, "name must match " + ActionName.PATTERN.pattern());
            } else if (!seen.add(e.name())) {
                problems.put(i, "name " + e.name() + " appears twice");
            } else if (e.description() != null && e.description().length() > MAX_DESCRIPTION) {
                problems.put(i, "description is longer than " + MAX_DESCRIPTION + " characters");
            } else if (e.description() != null && e.description().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                problems.put(i, "description must not hold control characters");
            }
        }
        return problems;
    }
}
