package io.quocrmbridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The benchmarks' result block on stdout (a label column, then the figures) and their JSON file. */
final class Report {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int WIDTH = 74;

    private final StringBuilder out = new StringBuilder();

    Report(String title) {
        String middle = " " + title + " ";
        int side = Math.max(4, (WIDTH - middle.length()) / 2);
        out.append('\n').append("=".repeat(side)).append(middle).append("=".repeat(side)).append('\n');
    }

    /** One line: the label, then the figures ({@link String#format} in the root locale). */
    Report line(String label, String format, Object... args) {
        out.append(String.format(Locale.ROOT, "%-22s %s%n", label, String.format(Locale.ROOT, format, args)));
        return this;
    }

    /** Prints the block. */
    void print() {
        out.append("=".repeat(WIDTH)).append('\n');
        System.out.print(out);
    }

    static void writeJson(Path file, Map<String, Object> result) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        MAPPER.writeValue(file.toFile(), result);
    }

    static double round(double value, int digits) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return value;
        }
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    /** "met" or "NOT MET". */
    static String met(boolean met) {
        return met ? "met" : "NOT MET";
    }
}
