package io.quocrmbridge.observe;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks what must not reach logs and traces. Secrets are always masked: every configured secret value wherever it
 * appears, bearer tokens, {@code whsec_} secrets, and the values of JSON fields and key=value pairs named like
 * secrets. Phone numbers and e-mail addresses are masked too unless {@code BRIDGE_LOG_MASK_PII=false}.
 *
 * <p>Used by every log line (the {@code %maskedMsg} and {@code %maskedEx} converters in log4j2.xml) and by Camel's
 * log EIP and tracer (as {@code CamelCustomLogMask}).
 */
public final class LogMasking {

    /**
     * E.164 numbers, numbers written with separators, and bare runs of 10 to 15 digits. A compact E.164 run is tried
     * first, so a number followed by a date or a count doesn't swallow it.
     */
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w/.#-])(\\+\\d{10,15}|\\+\\d[\\d\\s().-]{5,18}\\d|\\(?\\d{3}\\)?[\\s.-]\\d{3}[\\s.-]\\d{4}|\\d{10,15})(?![\\w/])");
    private static final Pattern JSON_SECRET = Pattern.compile(
            "(\"(?:access_token|refresh_token|client_secret|clientSecret|password|passwd|secret|token|apiKey|api_key"
                    + "|authorization|Authorization|assertion|signature)\"\\s*:\\s*\")((?:[^\"\\\\]|\\\\.)*)(\")");
    private static final Pattern PAIR_SECRET = Pattern.compile(
            "(?i)\\b((?:access_token|refresh_token|client_secret|password|secret|token|api[-_]?key|assertion)\\s*[=:]\\s*)"
                    + "(\"[^\"]*\"|'[^']*'|[\"']?[^\\s,;&\"']+)");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=!-]+");
    private static final Pattern WHSEC = Pattern.compile("whsec_[A-Za-z0-9+/=_-]+");

    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();
    private static volatile boolean maskPii = true;

    private LogMasking() {
    }

    /** Turns masking of phone numbers and e-mail addresses on or off; secrets are always masked. */
    public static void setMaskPii(boolean mask) {
        maskPii = mask;
    }

    public static boolean isMaskingPii() {
        return maskPii;
    }

    /** Registers a configured secret (API key, signing secret, client secret...) to mask wherever it appears. */
    public static void registerSecret(String secret) {
        if (secret == null) {
            return;
        }
        String value = secret.trim();
        // very short values would mask ordinary words; every real secret is longer
        if (value.length() >= 6 && !SECRETS.contains(value)) {
            SECRETS.add(value);
            // longest first, so a secret that contains a shorter one is masked whole
            SECRETS.sort(Comparator.comparingInt(String::length).reversed());
            if (value.startsWith("whsec_")) {
                registerSecret(value.substring("whsec_".length()));
            }
        }
    }

    /** Forgets registered secrets (tests). */
    public static void clearSecrets() {
        SECRETS.clear();
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String masked = text;
        for (String secret : SECRETS) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, "***");
            }
        }
        masked = WHSEC.matcher(masked).replaceAll("whsec_***");
        masked = BEARER.matcher(masked).replaceAll("$1***");
        masked = JSON_SECRET.matcher(masked).replaceAll("$1***$3");
        masked = PAIR_SECRET.matcher(masked).replaceAll(pair -> Matcher.quoteReplacement(pair.group(1)
                + maskedValue(pair.group(2))));
        if (maskPii) {
            masked = maskEmails(masked);
            masked = maskPhones(masked);
        }
        return masked;
    }

    /** A masked key=value value, keeping the quotes it was written in. */
    private static String maskedValue(String value) {
        char first = value.charAt(0);
        if (first != '"' && first != '\'') {
            return "***";
        }
        boolean closed = value.length() > 1 && value.charAt(value.length() - 1) == first;
        return first + "***" + (closed ? String.valueOf(first) : "");
    }

    /**
     * Masks e-mail addresses as {@code j***@example.com}. A linear scan around each '@' (a regular expression here
     * backtracks quadratically on long lines without an address, such as traced message bodies).
     */
    static String maskEmails(String text) {
        int at = text.indexOf('@');
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        while (at >= 0) {
            int start = at;
            while (start > copied && isLocalChar(text.charAt(start - 1))) {
                start--;
            }
            int end = at + 1;
            while (end < text.length() && isDomainChar(text.charAt(end))) {
                end++;
            }
            while (end > at + 1 && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) {
                end--;
            }
            if (start < at && isDomain(text, at + 1, end)) {
                out.append(text, copied, start).append(text.charAt(start)).append("***@").append(text, at + 1, end);
                copied = end;
                at = text.indexOf('@', end);
            } else {
                at = text.indexOf('@', at + 1);
            }
        }
        return out.append(text, copied, text.length()).toString();
    }

    private static boolean isLocalChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-');
    }

    private static boolean isDomainChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-');
    }

    /** A domain: labels separated by dots, the last of at least two letters. */
    private static boolean isDomain(String text, int from, int to) {
        int lastDot = text.lastIndexOf('.', to - 1);
        if (lastDot <= from || to - lastDot - 1 < 2 || text.charAt(from) == '.') {
            return false;
        }
        for (int i = lastDot + 1; i < to; i++) {
            if (!Character.isLetter(text.charAt(i))) {
                return false;
            }
        }
        return text.indexOf("..", from) < 0 || text.indexOf("..", from) >= to;
    }

    private static String maskPhones(String text) {
        Matcher matcher = PHONE.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        matcher.reset();
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String number = matcher.group(1);
            String digits = number.replaceAll("\\D", "");
            String replacement = digits.length() < 7 ? number
                    : (number.startsWith("+") ? "+" : "") + "*".repeat(Math.max(3, digits.length() - 4))
                            + digits.substring(digits.length() - 4);
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
