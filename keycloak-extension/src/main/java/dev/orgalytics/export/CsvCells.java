package dev.orgalytics.export;

/**
 * Neutralises spreadsheet formula injection (OWASP "CSV Injection"): a text cell starting with
 * {@code = + - @}, tab, CR or LF is prefixed with a single quote, so Excel and LibreOffice show it
 * as text instead of evaluating it. Numbers are written as numbers, so {@code -5} stays a number.
 */
public final class CsvCells {

    private CsvCells() {
    }

    public static Object cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value;
        }
        String s = value.toString();
        if (!s.isEmpty() && "=+-@\t\r\n".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return s;
    }
}
