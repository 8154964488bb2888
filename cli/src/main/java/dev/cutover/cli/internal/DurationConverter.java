package dev.cutover.cli.internal;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Durations as operators type them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT30S}). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Matcher matcher = SIMPLE.matcher(text);
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                return switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            }
            if (text.startsWith("pt")) {
                Duration duration = Duration.parse(text);
                if (!duration.isNegative()) {
                    return duration;
                }
            }
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            // falls through to the message below
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; allowed: a whole number with "
                + "ms, s, m or h (500ms, 30s, 5m, 1h), or ISO-8601 (PT1M30S)");
    }
}
