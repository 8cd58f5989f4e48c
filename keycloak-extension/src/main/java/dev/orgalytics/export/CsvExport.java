package dev.orgalytics.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * A CSV download: RFC 4180 (CRLF, every text cell quoted), comma- or semicolon-separated, a header
 * row, UTF-8 with an optional BOM for Excel, cells neutralised against formula injection. Rows are written as the query produces
 * them, so memory stays flat whatever the row count.
 */
public final class CsvExport {

    /** Writes the rows of one export to a printer. */
    @FunctionalInterface
    public interface Body {
        void write(Printer printer) throws Exception;
    }

    /** One CSV record at a time. */
    public static final class Printer {
        private final CSVPrinter csv;

        private Printer(CSVPrinter csv) {
            this.csv = csv;
        }

        /** Writes one record; {@code values} is the caller's own array and is neutralised in place. */
        public void row(Object... values) throws IOException {
            for (int i = 0; i < values.length; i++) {
                values[i] = CsvCells.cell(values[i]);
            }
            csv.printRecord(values);
        }
    }

    private CsvExport() {
    }

    /** {@code acme-users-2026-11-01_2026-11-30.csv}: realm, report and range, safe for a header. */
    public static String fileName(String realm, String report, String range) {
        return (realm + "-" + report + "-" + range).replaceAll("[^A-Za-z0-9._-]", "_") + ".csv";
    }

    /** The field separator: a comma (RFC 4180), or a semicolon for spreadsheets set to read that. */
    public enum Delimiter {
        COMMA(','), SEMICOLON(';');

        private final char c;

        Delimiter(char c) {
            this.c = c;
        }
    }

    /**
     * Every text cell is quoted (numbers are not, so they stay numbers): a spreadsheet then takes
     * each text as one cell, whatever separators and line breaks it holds.
     */
    static CSVFormat format(Delimiter delimiter, List<String> header) {
        return CSVFormat.RFC4180.builder().setDelimiter(delimiter.c).setQuoteMode(QuoteMode.NON_NUMERIC)
                .setHeader(header.toArray(String[]::new)).get();
    }

    public static Response response(String fileName, boolean bom, Delimiter delimiter, List<String> header, Body body) {
        StreamingOutput stream = (OutputStream out) -> {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            if (bom) {
                writer.write('\uFEFF');
            }
            CSVPrinter csv = new CSVPrinter(writer, format(delimiter, header));
            // The header goes out before the query runs: a report sorted over a whole realm produces
            // its first row only after the sort, and a download that shows nothing for seconds looks
            // hung to a person and idle to a proxy.
            csv.flush();
            out.flush();
            try {
                body.write(new Printer(csv));
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("CSV export failed", e);
            }
            csv.flush();
        };
        return Response.ok(stream, "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .header("Cache-Control", "no-store")
                .build();
    }
}
