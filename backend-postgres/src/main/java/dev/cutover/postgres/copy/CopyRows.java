package dev.cutover.postgres.copy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.mapping.ColumnType;
import dev.cutover.mapping.spi.Values;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.UUID;

/**
 * Rows encoded in PostgreSQL's COPY text format (UTF-8, tab-separated, {@code \N} for NULL, backslash
 * escapes for backslash, tab, newline and carriage return), kept in one growable byte array with each row's
 * offset, so that any range of rows can be sent again (a failed batch is split and resent by row ranges).
 *
 * <p>Values are encoded explicitly from the canonical Java type of their {@link ColumnType}, never left to
 * a driver: instants in UTC ({@code 2026-01-01 10:00:00.123456+00}, which the server reads the same whatever its
 * {@code TimeZone}; {@link Instant#MAX}/{@link Instant#MIN} as {@code infinity}/{@code -infinity}, years before 1 with
 * {@code BC} and after 9999 with all their digits, as PostgreSQL writes them), numerics in plain notation, booleans
 * as {@code t}/{@code f}, JSON as compact text (a {@link JsonNode}) or as given (a {@link String} already holding
 * JSON), bytea in hex, arrays as array literals.
 *
 * <p>Not thread-safe: one buffer per writer.
 */
public final class CopyRows {
    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] TRUE = {'t'};
    private static final byte[] FALSE = {'f'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] bytes;
    private int length;
    private int[] rowEnds = new int[1024];
    private int rows;
    private int rowStart;
    private boolean firstColumn = true;

    /** A buffer starting at {@code initialBytes}; it grows as needed. */
    public CopyRows(int initialBytes) {
        bytes = new byte[Math.max(64, initialBytes)];
    }

    /** Rows completed by {@link #endRow()}. */
    public int rows() {
        return rows;
    }

    /** Bytes of completed rows. */
    public int size() {
        return rows == 0 ? 0 : rowEnds[rows - 1];
    }

    /** Where row {@code row} starts in {@link #array()}. */
    public int rowStart(int row) {
        return row == 0 ? 0 : rowEnds[row - 1];
    }

    /** Where row {@code row} ends (exclusive) in {@link #array()}. */
    public int rowEnd(int row) {
        return rowEnds[row];
    }

    /** The backing array; valid up to {@link #size()}. */
    public byte[] array() {
        return bytes;
    }

    /** Forgets every row; keeps the allocated array. */
    public void clear() {
        length = 0;
        rows = 0;
        rowStart = 0;
        firstColumn = true;
    }

    /** Drops the row being encoded (after a value failed to encode), keeping the completed ones. */
    public void abandonRow() {
        length = rowStart;
        firstColumn = true;
    }

    /** Ends the row being encoded. */
    public void endRow() {
        put((byte) '\n');
        if (rows == rowEnds.length) {
            rowEnds = Arrays.copyOf(rowEnds, rows * 2);
        }
        rowEnds[rows++] = length;
        rowStart = length;
        firstColumn = true;
    }

    /** Appends SQL NULL. */
    public CopyRows addNull() {
        separate();
        put(NULL);
        return this;
    }

    /**
     * Appends a value of a column of {@code type}, given as its canonical Java type; for JSON columns a
     * {@link String} is taken as JSON text already checked by the caller; for TEXT and JSON columns a
     * {@code byte[]} is taken as the value's UTF-8 text.
     *
     * @throws IllegalArgumentException if the value's class is not the type's canonical one
     */
    public CopyRows add(ColumnType type, Object value) {
        if (value == null) {
            return addNull();
        }
        switch (type) {
            case TEXT -> {
                if (value instanceof byte[] utf8) {
                    addUtf8(utf8);
                } else {
                    addText((String) value);
                }
            }
            case SMALLINT -> addLong((Short) value);
            case INTEGER -> addLong((Integer) value);
            case BIGINT -> addLong((Long) value);
            case NUMERIC -> addAscii(((BigDecimal) value).toPlainString());
            case BOOLEAN -> {
                separate();
                put((Boolean) value ? TRUE : FALSE);
            }
            case TIMESTAMPTZ -> addInstant((Instant) value);
            case REAL, DOUBLE -> addAscii(value.toString()); // NaN, Infinity, 1.0E-5: PostgreSQL reads Java's text
            case TIMESTAMP -> addLocalDateTime((LocalDateTime) value);
            case DATE -> addDate((LocalDate) value);
            case TIME -> addAscii(value.toString());
            case CHAR, ENUM -> addText((String) value);
            case BYTEA -> {
                byte[] data = (byte[]) value;
                separate();
                ensure(3 + 2 * data.length);
                addRawAscii("\\\\x"); // bytea's hex form; COPY's text format doubles the backslash
                for (byte b : data) {
                    bytes[length++] = HEX[(b >> 4) & 0xF];
                    bytes[length++] = HEX[b & 0xF];
                }
            }
            case TEXT_ARRAY, INTEGER_ARRAY, BIGINT_ARRAY -> addText(arrayLiteral((java.util.List<?>) value));
            case UUID -> addAscii(((UUID) value).toString());
            case JSON, JSONB -> {
                if (value instanceof byte[] utf8) {
                    addUtf8(utf8);
                } else {
                    addText(value instanceof JsonNode node ? Values.jsonText(node) : (String) value);
                }
            }
        }
        return this;
    }

    /** Appends text, escaped for COPY's text format and encoded as UTF-8 (a lone surrogate becomes '?'). */
    public CopyRows addText(String text) {
        return addUtf8(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends text already encoded as UTF-8, escaped for COPY's text format. The bytes COPY escapes (backslash,
     * tab, newline, carriage return) are ASCII, which never occurs inside a multi-byte UTF-8 sequence, so the
     * bytes are escaped as they are, in runs.
     */
    public CopyRows addUtf8(byte[] utf8) {
        separate();
        int n = utf8.length;
        ensure(2 * n);
        byte[] out = bytes;
        int at = length;
        int run = 0;
        for (int i = 0; i < n; i++) {
            byte b = utf8[i];
            if (b == '\\' || b == '\t' || b == '\n' || b == '\r') {
                System.arraycopy(utf8, run, out, at, i - run);
                at += i - run;
                out[at++] = '\\';
                out[at++] = b == '\\' ? (byte) '\\' : b == '\t' ? (byte) 't' : b == '\n' ? (byte) 'n' : (byte) 'r';
                run = i + 1;
            }
        }
        System.arraycopy(utf8, run, out, at, n - run);
        length = at + n - run;
        return this;
    }

    private void addLong(long value) {
        separate();
        ensure(20);
        if (value == Long.MIN_VALUE) {
            addRawAscii("-9223372036854775808");
            return;
        }
        long v = value;
        if (v < 0) {
            bytes[length++] = '-';
            v = -v;
        }
        int start = length;
        do {
            bytes[length++] = (byte) ('0' + (v % 10));
            v /= 10;
        } while (v != 0);
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = t;
        }
    }

    /**
     * {@code yyyy-MM-dd HH:mm:ss.ffffff+00}: UTC, so the server's {@code TimeZone} plays no part. {@link Instant#MAX}
     * and {@link Instant#MIN} are {@code infinity} and {@code -infinity}; years before 1 are written with {@code BC},
     * years after 9999 with as many digits as they have, as PostgreSQL itself writes them.
     */
    private void addInstant(Instant instant) {
        if (instant.equals(Instant.MAX) || instant.equals(Instant.MIN)) {
            addAscii(instant.equals(Instant.MAX) ? "infinity" : "-infinity");
            return;
        }
        long seconds = instant.getEpochSecond();
        addDateTime(LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400)), Math.floorMod(seconds, 86_400),
                instant.getNano(), true);
    }

    /** A date-time without zone as PostgreSQL writes it ({@code BC}, long years, {@code infinity}). */
    private void addLocalDateTime(LocalDateTime value) {
        if (value.equals(LocalDateTime.MAX) || value.equals(LocalDateTime.MIN)) {
            addAscii(value.equals(LocalDateTime.MAX) ? "infinity" : "-infinity");
            return;
        }
        addDateTime(value.toLocalDate(), value.toLocalTime().toSecondOfDay(), value.getNano(), false);
    }

    private void addDate(LocalDate date) {
        if (date.equals(LocalDate.MAX) || date.equals(LocalDate.MIN)) {
            addAscii(date.equals(LocalDate.MAX) ? "infinity" : "-infinity");
            return;
        }
        separate();
        ensure(24);
        writeDate(date);
        bcSuffix(date);
    }

    private void addDateTime(LocalDate date, int secondOfDay, int nanos, boolean utc) {
        separate();
        ensure(48);
        writeDate(date);
        bytes[length++] = ' ';
        digits(secondOfDay / 3600, 2);
        bytes[length++] = ':';
        digits(secondOfDay / 60 % 60, 2);
        bytes[length++] = ':';
        digits(secondOfDay % 60, 2);
        if (nanos != 0) {
            bytes[length++] = '.';
            if (nanos % 1_000 == 0) {
                digits(nanos / 1_000, 6);
            } else {
                digits(nanos, 9);
            }
        }
        if (utc) {
            bytes[length++] = '+';
            bytes[length++] = '0';
            bytes[length++] = '0';
        }
        bcSuffix(date);
    }

    /** The date part: a year of 1 BC is year 0 to {@link LocalDate}, and PostgreSQL counts it as 1 BC. */
    private void writeDate(LocalDate date) {
        int year = date.getYear() <= 0 ? 1 - date.getYear() : date.getYear();
        digits(year, Math.max(4, Integer.toString(year).length()));
        bytes[length++] = '-';
        digits(date.getMonthValue(), 2);
        bytes[length++] = '-';
        digits(date.getDayOfMonth(), 2);
    }

    private void bcSuffix(LocalDate date) {
        if (date.getYear() <= 0) {
            addRawAscii(" BC");
        }
    }

    /** Elements in PostgreSQL's array literal ({@code {"a",NULL}}, {@code {1,2}}), escaped for COPY by the caller. */
    private static String arrayLiteral(java.util.List<?> items) {
        StringBuilder text = new StringBuilder("{");
        for (Object item : items) {
            if (text.length() > 1) {
                text.append(',');
            }
            if (item == null) {
                text.append("NULL");
            } else if (item instanceof String string) {
                text.append('"').append(string.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                text.append(item);
            }
        }
        return text.append('}').toString();
    }

    private void digits(int value, int width) {
        for (int i = length + width - 1; i >= length; i--) {
            bytes[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    private void addRawAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
    }

    private void addAscii(String text) {
        separate();
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) text.charAt(i);
        }
    }

    private void separate() {
        if (firstColumn) {
            firstColumn = false;
        } else {
            put((byte) '\t');
        }
    }

    private void escape(byte code) {
        ensure(2);
        bytes[length++] = '\\';
        bytes[length++] = code;
    }

    private void put(byte b) {
        ensure(1);
        bytes[length++] = b;
    }

    private void put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, length, b.length);
        length += b.length;
    }

    private void ensure(int more) {
        if (length + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
        }
    }
}
