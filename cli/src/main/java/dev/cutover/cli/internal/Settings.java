package dev.cutover.cli.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The resolved {@link Setting}s: options over environment variables over the configuration file. A configuration
 * file with a key it does not know, or that cannot be read, is an error naming the file and the key (never the
 * value: it may be a password).
 */
public final class Settings {
    private final Map<Setting, String> values;

    private Settings(Map<Setting, String> values) {
        this.values = values;
    }

    /**
     * Resolves every setting.
     *
     * @param options values given on the command line (highest precedence)
     * @param environment the process environment
     * @param configFile the configuration file given by option, or null (then {@code CUTOVER_CONFIG}, if set)
     * @throws CliException naming the file, the unknown keys and the known ones
     */
    public static Settings resolve(Map<Setting, String> options, Map<String, String> environment, Path configFile) {
        Path file = configFile;
        String fileSource = "--config";
        if (file == null && nonBlank(environment.get(Setting.CONFIG.variable()))) {
            file = Path.of(environment.get(Setting.CONFIG.variable()).trim());
            fileSource = Setting.CONFIG.variable();
        }
        Properties properties = file == null ? new Properties() : read(file, fileSource);
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            if (nonBlank(options.get(setting))) {
                values.put(setting, options.get(setting).trim());
            } else if (nonBlank(environment.get(setting.variable()))) {
                values.put(setting, environment.get(setting.variable()).trim());
            } else if (setting.fileKey() != null && nonBlank(properties.getProperty(setting.fileKey()))) {
                values.put(setting, properties.getProperty(setting.fileKey()).trim());
            }
        }
        if (file != null) {
            values.put(Setting.CONFIG, file.toString());
        }
        return new Settings(values);
    }

    private static Properties read(Path file, String source) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new CliException("Cannot read the configuration file " + file + " (from " + source + "): " + e.getMessage()
                    + "; give a readable Java properties file");
        }
        List<String> known = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (setting.fileKey() != null) {
                known.add(setting.fileKey());
            }
        }
        TreeSet<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new CliException("The configuration file " + file + " has unknown key(s) " + String.join(", ", unknown)
                    + "; known keys: " + String.join(", ", known));
        }
        return properties;
    }

    private static boolean nonBlank(String value) {
        return value != null && !value.isBlank();
    }

    public Optional<String> get(Setting setting) {
        return Optional.ofNullable(values.get(setting));
    }

    /**
     * The value of a setting a command cannot do without.
     *
     * @throws CliException naming the variable and the file key that would set it
     */
    public String require(Setting setting, String neededFor) {
        String value = values.get(setting);
        if (value == null) {
            throw new CliException("missing-setting", neededFor + " needs " + setting.variable()
                    + (setting.fileKey() == null ? "" : " (or " + setting.fileKey() + " in the file given by --config or "
                    + Setting.CONFIG.variable() + ")") + ": " + setting.description() + " Allowed: " + setting.allowed()
                    + (setting.allowed().endsWith(".") ? "" : "."), "set " + setting.variable(), null);
        }
        return value;
    }

    /** Lists the settings, secrets shown as "(set)". */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Settings[");
        String separator = "";
        for (Map.Entry<Setting, String> entry : values.entrySet()) {
            text.append(separator).append(entry.getKey().variable()).append('=')
                    .append(entry.getKey().secret() ? "(set)" : dev.cutover.jdbc.JdbcUrls.redact(entry.getValue()));
            separator = ", ";
        }
        return text.append(']').toString();
    }
}
