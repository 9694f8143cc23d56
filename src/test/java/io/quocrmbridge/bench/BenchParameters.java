package io.quocrmbridge.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The parameters of a benchmark run: one parser for every benchmark. A parameter is an argument
 * ({@code -Dbench.events=20000}, {@code --events=20000}, {@code bench.events=20000} or {@code events=20000}) or a
 * system property of the load generator's JVM ({@code bench.events}, e.g. through BENCH_JAVA_OPTS); arguments win.
 *
 * <p>It is strict, so that a typing error never runs a benchmark with defaults the user did not mean: an argument
 * that is not {@code name=value}, a name the benchmark does not take, or a value of the wrong form (not a number,
 * out of range, a flag other than true or false, an environment entry that is not NAME=value) stops the run before
 * anything starts, with a message that names the parameter and lists the ones the benchmark takes.
 *
 * <p>Every benchmark takes {@code bench.jvmOptions} (the bridge's JVM options, space-separated, default
 * {@value #DEFAULT_JVM_OPTIONS}), {@code bench.env} (extra bridge environment, {@code NAME=value,NAME=value}) and
 * {@code bench.outDir} (where results go, default {@code target/bench}).
 */
final class BenchParameters {

    /** The bridge's JVM options in every benchmark unless bench.jvmOptions sets others. */
    static final String DEFAULT_JVM_OPTIONS = "-Xmx192m -XX:+UseSerialGC -XX:TrimNativeHeapInterval=5000";

    /** Parameters every benchmark takes. */
    static final List<String> COMMON = List.of("jvmOptions", "env", "outDir");

    private static final String PREFIX = "bench.";
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String benchmark;
    private final Set<String> known;
    private final Map<String, String> values;

    private BenchParameters(String benchmark, Set<String> known, Map<String, String> values) {
        this.benchmark = benchmark;
        this.known = known;
        this.values = values;
    }

    /**
     * Reads the {@code bench.*} system properties, then the arguments, and refuses anything {@code benchmark} does
     * not take ({@code names} plus {@link #COMMON}).
     *
     * @throws IllegalArgumentException with a message for the user
     */
    /** What a benchmark does once its parameters are read: its exit status. */
    interface Run<C> {
        int run(C config) throws Exception;
    }

    /**
     * A benchmark's main: reads its parameters (a bad one exits 2 with the reason), runs it, and exits with its
     * status (2 when it could not finish).
     */
    static <C> void main(String[] args, java.util.function.Function<String[], C> parse, Run<C> benchmark)
            throws Exception {
        C config;
        try {
            config = parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.out.println("bad parameter: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status;
        try {
            status = benchmark.run(config);
        } catch (IllegalStateException e) {
            System.out.println("BENCHMARK FAILED: " + e.getMessage());
            status = 2;
        }
        System.exit(status);
    }

    static BenchParameters parse(String benchmark, String[] args, String... names) {
        Set<String> known = new LinkedHashSet<>(Arrays.asList(names));
        known.addAll(COMMON);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> source = new LinkedHashMap<>();
        System.getProperties().forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith(PREFIX)) {
                values.put(key.substring(PREFIX.length()), v.toString());
                source.put(key.substring(PREFIX.length()), "system property -D" + key);
            }
        });
        for (String arg : args) {
            String a = arg.startsWith("-D") || arg.startsWith("--") ? arg.substring(2) : arg;
            a = a.startsWith(PREFIX) ? a.substring(PREFIX.length()) : a;
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("argument '" + arg + "' is not name=value (e.g. -Dbench."
                        + known.iterator().next() + "=...); " + benchmark + " takes " + list(known));
            }
            values.put(a.substring(0, eq), a.substring(eq + 1));
            source.put(a.substring(0, eq), "argument '" + arg + "'");
        }
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown parameter " + PREFIX + name + " (" + source.get(name)
                        + "); " + benchmark + " takes " + list(known));
            }
        }
        return new BenchParameters(benchmark, known, values);
    }

    private static String list(Set<String> names) {
        return names.stream().map(n -> PREFIX + n).collect(Collectors.joining(", "));
    }

    /** The value as given, or {@code defaultValue}. */
    String text(String name, String defaultValue) {
        declared(name);
        return values.getOrDefault(name, defaultValue);
    }

    /** A whole number from {@code min} to {@code max}. */
    int integer(String name, int defaultValue, int min, int max) {
        long value = whole(name, defaultValue);
        if (value < min || value > max) {
            throw bad(name, "must be from " + min + " to " + max);
        }
        return (int) value;
    }

    /** Any whole number (a long). */
    long whole(String name, long defaultValue) {
        String value = text(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(value.trim().replace("_", ""));
        } catch (NumberFormatException e) {
            throw bad(name, "not a whole number");
        }
    }

    /** A decimal number from {@code min} to {@code max}. */
    double decimal(String name, double defaultValue, double min, double max) {
        String value = text(name, null);
        if (value == null) {
            return defaultValue;
        }
        double number;
        try {
            number = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw bad(name, "not a number");
        }
        if (!(number >= min && number <= max)) {
            throw bad(name, "must be from " + min + " to " + max);
        }
        return number;
    }

    /** true or false (any case); nothing else. */
    boolean flag(String name, boolean defaultValue) {
        String value = text(name, null);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(name, "must be true or false");
        };
    }

    /** bench.jvmOptions: the bridge's JVM options, space-separated; empty for none. */
    List<String> jvmOptions() {
        String value = text("jvmOptions", DEFAULT_JVM_OPTIONS).trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }

    /** bench.env: extra environment of the bridge process, NAME=value entries separated by commas. */
    Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : text("env", "").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String name = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (!ENV_NAME.matcher(name).matches()) {
                throw bad("env", "entry '" + entry.trim() + "' is not NAME=value (entries are separated by commas)");
            }
            env.put(name, entry.substring(eq + 1).trim());
        }
        return env;
    }

    /** bench.outDir: where results and the bridge's data and log go, as an absolute path. */
    Path outDir() {
        return Path.of(text("outDir", "target/bench")).toAbsolutePath();
    }

    private void declared(String name) {
        if (!known.contains(name)) {
            throw new IllegalStateException(benchmark + " reads parameter " + name + " it does not declare");
        }
    }

    private IllegalArgumentException bad(String name, String why) {
        return new IllegalArgumentException(PREFIX + name + "=" + values.get(name) + ": " + why);
    }
}
