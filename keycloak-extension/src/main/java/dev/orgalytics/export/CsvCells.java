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
            if (CELL_BREAKS.indexOf(c) >= 0) {
                cellStart = true;
            } else if (!(cellStart && leadingFiller(c))) {
                cellStart = false;
            }
        }
        return out == null ? s : out.toString();
    }

    /** What a spreadsheet may skip before it looks for a formula: spaces and quotes. */
    private static boolean leadingFiller(char c) {
        return c == ' ' || c == '"' || c == '\'' || Character.isSpaceChar(c) || Character.isWhitespace(c);
    }
}
