package dev.orgalytics.stats;

/** A client's text quoted in an error message: at most 100 characters, control characters shown as '?'. */
public final class Printable {

    private static final int MAX = 100;

    private Printable() {
    }

    public static String of(String s) {
        if (s == null) {
            return "";
        }
        String cut = s.length() > MAX ? s.substring(0, MAX) + "..." : s;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
