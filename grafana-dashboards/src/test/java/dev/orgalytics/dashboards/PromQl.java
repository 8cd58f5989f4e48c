package dev.orgalytics.dashboards;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL (and Grafana template syntax) to tell which metric names and which dashboard
 * variables an expression uses; not a parser, and not needed to be one: Prometheus itself checks the
 * syntax of every query in {@code DashboardQueriesIT}.
 */
final class PromQl {

    /** {@code $name}, {@code ${name}}, {@code ${name:format}} and the deprecated {@code [[name]]}. */
    private static final Pattern VARIABLE = Pattern.compile(
            "\\$([A-Za-z_][A-Za-z0-9_]*)|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::[^}]*)?}|\\[\\[([A-Za-z_][A-Za-z0-9_]*)(?::[^]]*)?]]");

    /** Words followed by a parenthesised list of label names, not of expressions. */
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of(
            "by", "without", "on", "ignoring", "group_left", "group_right");

    /**
     * Words that are neither metric names nor functions: operators, literals, and the aggregations, which
     * may be followed by "by (...)" rather than "(".
     */
    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "start", "end",
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio");

    private PromQl() {
    }

    /** Names of the template variables used in {@code text}, in order of first use. */
    static Set<String> variables(String text) {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(text);
        while (m.find()) {
            for (int g = 1; g <= 3; g++) {
                if (m.group(g) != null) {
                    names.add(m.group(g));
                }
            }
        }
        return names;
    }

    /**
     * {@code text} with every variable replaced by its value, as Grafana would before sending the query;
     * fails on a variable without a value so a query never reaches Prometheus half-substituted.
     */
    static String substitute(String text, Map<String, String> values) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("No value for $" + name + " in: " + text);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Metric names selected by a PromQL expression: identifiers that are not inside a label matcher,
     * a range, a string or a label list of {@code by}/{@code on}/..., are not followed by "(" (functions
     * and aggregations) and are not keywords.
     */
    static Set<String> metricNames(String expr) {
        Set<String> names = new LinkedHashSet<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '{') {
                i = skipPast(expr, i, '}');
            } else if (c == '[') {
                i = skipPast(expr, i, ']');
            } else if (c == '$') {
                i = skipVariable(expr, i);
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                i = skipNumber(expr, i);
            } else if (isIdentifierStart(c)) {
                int end = i;
                while (end < n && isIdentifierPart(expr.charAt(end))) {
                    end++;
                }
                String word = expr.substring(i, end);
                int next = skipSpaces(expr, end);
                boolean call = next < n && expr.charAt(next) == '(';
                if (LABEL_LIST_KEYWORDS.contains(word) && call) {
                    i = skipPast(expr, next, ')');
                } else if (word.equals("offset")) {
                    i = skipNumber(expr, next); // the duration: "5m", "1h30m"
                } else {
                    if (!call && !KEYWORDS.contains(word)) {
                        names.add(word);
                    }
                    i = end;
                }
            } else {
                i++;
            }
        }
        return names;
    }

    private static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    private static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** From an opening quote to just past its closing quote; backslash escapes except in raw strings. */
    private static int skipString(String s, int i) {
        char quote = s.charAt(i);
        i++;
        while (i < s.length() && s.charAt(i) != quote) {
            i += (s.charAt(i) == '\\' && quote != '`') ? 2 : 1;
        }
        return i + 1;
    }

    /** Just past the first {@code close} after {@code i}, skipping strings (a label value may hold "}"). */
    private static int skipPast(String s, int i, char close) {
        i++;
        while (i < s.length() && s.charAt(i) != close) {
            char c = s.charAt(i);
            i = (c == '"' || c == '\'' || c == '`') ? skipString(s, i) : i + 1;
        }
        return i + 1;
    }

    private static int skipVariable(String s, int i) {
        Matcher m = VARIABLE.matcher(s);
        return m.find(i) && m.start() == i ? m.end() : i + 1;
    }

    /** Numbers and durations: digits, letters, dots, signs of exponents ("1e-3", "0x1f", "5m"). */
    private static int skipNumber(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean exponentSign = (c == '-' || c == '+') && i > 0 && (s.charAt(i - 1) == 'e' || s.charAt(i - 1) == 'E');
            if (!(Character.isLetterOrDigit(c) || c == '.' || exponentSign)) {
                break;
            }
            i++;
        }
        return i;
    }
}
