package dev.orgalytics.stats;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One row of {@code COPY ... TO STDOUT} in PostgreSQL's text format, as the server sends it (one
 * row per message, UTF-8 as the driver sets the client encoding): fields separated by tabs, the
 * line ended by a newline, {@code \N} for NULL, and a backslash before a backslash or the letter of
 * a control character ({@code \t}, {@code \n}, {@code \r}, {@code \b}, {@code \f}, {@code \v}). One
 * instance is reset for every line, so a whole export allocates only its strings.
 */
final class CopyTextRow implements Fields {

    private byte[] line;
    /** Where each field starts and ends (exclusive) in {@link #line}. */
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int count;

    /** Takes the next line (with or without its newline) and finds its fields. */
    CopyTextRow reset(byte[] line) {
        this.line = line;
        int end = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
        count = 0;
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (i == end || line[i] == '\t') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                    ends = Arrays.copyOf(ends, count * 2);
                }
                starts[count] = start;
                ends[count++] = i;
                start = i + 1;
            }
        }
        return this;
    }

    int size() {
        return count;
    }

    @Override
    public String text(int column) {
        int start = starts[index(column)];
        int end = ends[column - 1];
        if (end - start == 2 && line[start] == '\\' && line[start + 1] == 'N') {
            return null;
        }
        for (int i = start; i < end; i++) {
            if (line[i] == '\\') {
                return unescaped(start, end);
            }
        }
        return new String(line, start, end - start, StandardCharsets.UTF_8);
    }

    @Override
    public Long number(int column) {
        String text = text(column);
        return text == null ? null : Long.parseLong(text);
    }

    @Override
    public boolean flag(int column) {
        String text = text(column);
        return text != null && (text.equals("t") || text.equals("true"));
    }

    private int index(int column) {
        if (column < 1 || column > count) {
            throw new IndexOutOfBoundsException("column " + column + " of " + count);
        }
        return column - 1;
    }

    private String unescaped(int start, int end) {
        byte[] out = new byte[end - start];
        int n = 0;
        for (int i = start; i < end; i++) {
            byte b = line[i];
            if (b == '\\' && i + 1 < end) {
                b = switch (line[++i]) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'v' -> 0x0B;
                    default -> line[i];
                };
            }
            out[n++] = b;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }
}
