package io.quocrmbridge.observe;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes log text safe to write: no line breaks or other control characters from values, no secrets, and by default no
 * personal data.
 *
 * <ul>
 *   <li><b>Control characters</b> ({@link #escapeControl}): CR and LF become {@code \r} and {@code \n}; every other
 *       C0 control character except tab, DEL, the C1 controls (U+0080 to U+009F, NEL included) and the Unicode line
 *       and paragraph separators (U+2028, U+2029) become <code>&#92;uXXXX</code> (upper-case hex). Tab and
 *       everything else, backslashes included, are left as they are, so a value can never start a new log line.</li>
 *   <li><b>Secrets</b>, always: every configured secret value wherever it appears, bearer tokens, {@code whsec_}
 *       secrets, and the values of JSON fields and key=value pairs named like secrets ({@code ***}).</li>
 *   <li><b>Personal data</b>, unless {@code BRIDGE_LOG_MASK_PII=false}: e-mail addresses ({@code j***@example.com})
 *       and phone numbers ({@code +*******4567}) wherever they appear, and the values of fields that hold names and
 *       free text ({@link #PII_KEYS}), kept to their first character ({@code "firstName":"J***"}).</li>
 * </ul>
 *
 * <p>{@link #maskLine} does all of it and is what every log line goes through: the {@code %maskedMsg} and
 * {@code %maskedEx} converters in log4j2.xml (every logger), and Camel's log EIP and tracer (as
 * {@code CamelCustomLogMask}).
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

    /**
     * Fields whose values are names, free text or contact points (compared without regard to case, the whole key):
     * masked to their first character when personal data is masked, in JSON ({@code "firstName":"Jane"}, also inside
     * a JSON string, {@code \"firstName\":\"Jane\"}; a string or an array of strings) and in key=value text such as
     * a Java record's or a map's toString ({@code firstName=Jane, lastName=Doe}). Covers Quo's payloads, the
     * canonical events, and the Salesforce and HubSpot requests the bridge sends.
     */
    public static final Set<String> PII_KEYS = Set.of(
            // people and organisations
            "firstname", "lastname", "first_name", "last_name", "middlename", "fullname", "displayname", "nickname",
            "name", "company", "companyname", "organization", "role", "jobtitle", "speaker", "location", "address",
            // free text: messages, call summaries and transcripts, notes, activity titles and descriptions
            "body", "text", "content", "summary", "nextsteps", "transcript", "notes", "note", "comment", "comments",
            "title", "subject", "description", "hs_call_title", "hs_call_body", "hs_communication_body",
            "hs_note_body",
            // contact points: a value the address and number rules masked already stays as they masked it
            "email", "emails", "phone", "phones", "phonenumbers", "mobile", "mobilephone");

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final List<String> SECRETS = new CopyOnWriteArrayList<>();
    private static volatile boolean maskPii = true;

    private LogMasking() {
    }

    /**
     * Turns masking of personal data (e-mail addresses, phone numbers, names and free text) on or off; secrets are
     * always masked and control characters always escaped.
     */
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

    /** What every log line goes through: control characters escaped, then {@link #mask} applied. */
    public static String maskLine(String text) {
        return mask(escapeControl(text));
    }

    /**
     * Escapes the characters that could break a log line or fake a new one: CR as {@code \r}, LF as {@code \n}, the
     * other C0 controls except tab, DEL, the C1 controls and U+2028/U+2029 as <code>&#92;uXXXX</code>. Returns the same
     * string when there is nothing to escape.
     */
    public static String escapeControl(String text) {
        if (text == null) {
            return null;
        }
        int length = text.length();
        int first = 0;
        while (first < length && !needsEscape(text.charAt(first))) {
            first++;
        }
        if (first == length) {
            return text;
        }
        StringBuilder out = new StringBuilder(length + 16).append(text, 0, first);
        for (int i = first; i < length; i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                out.append(c);
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
                        .append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean needsEscape(char c) {
        return c < 0x20 ? c != '\t' : c >= 0x7F && (c <= 0x9F || c == '\u2028' || c == '\u2029');
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
            masked = maskFields(masked);
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
     * Masks the values of {@link #PII_KEYS} to their first character: in JSON ({@code "firstName":"J***"},
     * {@code "summary":["C***","A***"]}, and the same inside a JSON string, {@code \"text\":\"H***\"}) and in
     * key=value text such as a record's or a map's toString ({@code firstName=J***, lastName=D***}; a plain list
     * value as {@code [***]}; a value that is a record, map or JSON document of its own has its own fields masked;
     * null, booleans and numbers stay). Keys, structure and every other value stay readable.
     *
     * <p>One linear pass without regular expressions (values can be megabytes of transcript): each {@code :} and
     * {@code =} is checked for a known key just before it, and a masked value is skipped whole. A JSON string cut off
     * (a truncated trace body) is masked up to the end of its line; a key=value value ends at {@code ", key="} or
     * {@code "&key="}, at the bracket closing the record or map it is in, or at the end of its line.
     */
    static String maskFields(String text) {
        FieldMasker masker = new FieldMasker(text);
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c == ':') {
                i = masker.jsonField(i);
            } else if (c == '=') {
                i = masker.pairField(i);
            } else {
                i++;
            }
        }
        return masker.result();
    }

    private static final int LONGEST_KEY = PII_KEYS.stream().mapToInt(String::length).max().orElse(0);
    /** How far into a bracketed value its first key is looked for (e.g. {@code [CustomField[name=}). */
    private static final int LONGEST_IDENTIFIER = 32;

    private static boolean isPiiKey(String text, int from, int to) {
        return to > from && to - from <= LONGEST_KEY
                && PII_KEYS.contains(text.substring(from, to).toLowerCase(Locale.ROOT));
    }

    private static boolean isKeyChar(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }

    private static boolean isBreak(char c) {
        return c == '\r' || c == '\n';
    }

    /**
     * A value masked to its first character ({@code J***}); empty values, and an address or number masked already
     * ({@code j***@example.com}, {@code +*******4567}), stay as they are.
     */
    private static String maskedText(String value) {
        if (value.isEmpty() || isMaskedContactPoint(value)) {
            return value;
        }
        char first = value.charAt(0);
        if (first == '\\' || first == '*') {
            return "***";
        }
        return value.substring(0, Character.charCount(value.codePointAt(0))) + "***";
    }

    /** Builds the masked text as values are found; copies nothing when nothing is masked. */
    private static final class FieldMasker {

        private final String text;
        private final int length;
        private StringBuilder out;
        private int copied;

        FieldMasker(String text) {
            this.text = text;
            this.length = text.length();
        }

        String result() {
            return out == null ? text : out.append(text, copied, length).toString();
        }

        private void replace(int from, int to, String masked) {
            if (masked.length() == to - from && text.startsWith(masked, from)) {
                return;
            }
            if (out == null) {
                out = new StringBuilder(length);
            }
            out.append(text, copied, from).append(masked);
            copied = to;
        }

        /** At a ':': a JSON field named in the lists gets its string value(s) masked. Returns where to go on. */
        int jsonField(int colon) {
            int j = colon - 1;
            while (j >= 0 && (text.charAt(j) == ' ' || text.charAt(j) == '\t')) {
                j--;
            }
            if (j < 2 || text.charAt(j) != '"') {
                return colon + 1;
            }
            boolean escaped = text.charAt(j - 1) == '\\';
            int keyEnd = escaped ? j - 1 : j;
            int keyStart = keyEnd;
            while (keyStart > 0 && keyEnd - keyStart <= LONGEST_KEY && isKeyChar(text.charAt(keyStart - 1))) {
                keyStart--;
            }
            if (keyStart == 0 || text.charAt(keyStart - 1) != '"'
                    || escaped && (keyStart < 2 || text.charAt(keyStart - 2) != '\\')) {
                return colon + 1;
            }
            if (!isPiiKey(text, keyStart, keyEnd)) {
                return colon + 1;
            }
            int p = skipBlanks(colon + 1);
            if (p < length && text.charAt(p) == '[') {
                return jsonArray(p + 1, escaped);
            }
            int end = jsonString(p, escaped);
            return end < 0 ? colon + 1 : end;
        }

        /** Masks the string at p if there is one; returns the index after it, or -1 when p holds no string. */
        private int jsonString(int p, boolean escaped) {
            int open = escaped ? 2 : 1;
            if (p + open > length || text.charAt(p + open - 1) != '"' || escaped && text.charAt(p) != '\\') {
                return -1;
            }
            int from = p + open;
            int to = stringEnd(from, escaped);
            replace(from, to, maskedText(text.substring(from, to)));
            if (to < length && !isBreak(text.charAt(to))) {
                return to + (escaped ? 2 : 1);
            }
            return to;
        }

        /** Masks each string of an array (p just after '['), up to its end or its first element that is no string. */
        private int jsonArray(int p, boolean escaped) {
            int i = p;
            while (true) {
                i = skipBlanks(i);
                int after = jsonString(i, escaped);
                if (after < 0) {
                    return i;
                }
                i = skipBlanks(after);
                if (i < length && text.charAt(i) == ',') {
                    i++;
                } else {
                    return i;
                }
            }
        }

        /**
         * Where a JSON string's content that starts at from ends: at its closing quote ({@code \"} when the JSON is
         * itself inside a JSON string), else at the first raw line break or the end of the text.
         */
        private int stringEnd(int from, boolean escaped) {
            int i = from;
            while (i < length) {
                char c = text.charAt(i);
                if (c == '"' || isBreak(c)) {
                    return i;
                }
                if (c != '\\') {
                    i++;
                } else if (i + 1 >= length || isBreak(text.charAt(i + 1))) {
                    return i + 1;
                } else if (!escaped) {
                    i += 2;
                } else if (text.charAt(i + 1) == '"') {
                    return i;
                } else if (text.charAt(i + 1) == '\\') {
                    // an escape of the inner string: \\\" (a quote), \\\\ (a backslash), \\n...
                    if (i + 2 < length && isBreak(text.charAt(i + 2))) {
                        return i + 2;
                    }
                    i += (i + 2 < length && text.charAt(i + 2) == '\\') ? 4 : 3;
                } else {
                    i += 2;
                }
            }
            return length;
        }

        private int skipBlanks(int from) {
            int i = from;
            while (i < length && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i++;
            }
            return i;
        }

        /** At a '=': a key=value pair named in the lists gets its value masked. Returns where to go on. */
        int pairField(int equals) {
            int keyStart = equals;
            while (keyStart > 0 && equals - keyStart <= LONGEST_KEY && isKeyChar(text.charAt(keyStart - 1))) {
                keyStart--;
            }
            if (keyStart > 0) {
                char before = text.charAt(keyStart - 1);
                if (before == '.' || before == '-' || before == '$') {
                    return equals + 1;
                }
            }
            if (!isPiiKey(text, keyStart, equals) || equals + 1 < length && text.charAt(equals + 1) == '=') {
                return equals + 1;
            }
            int from = equals + 1;
            if (opensStructure(from)) {
                // a record, map or JSON document: its own fields are looked at one by one
                return from;
            }
            int to = pairEnd(from);
            replace(from, to, maskedPairValue(text.substring(from, to)));
            return to;
        }

        /**
         * Whether a value starting at from is a bracketed record, map or JSON document with fields of its own (its
         * first element has a {@code key=} or a JSON {@code "key":}), not a plain list. Looks at a few characters
         * only, so nested values cost no more than flat ones.
         */
        private boolean opensStructure(int from) {
            if (from >= length || text.charAt(from) != '[' && text.charAt(from) != '{') {
                return false;
            }
            int limit = Math.min(length, from + 2 + 2 * LONGEST_IDENTIFIER);
            for (int i = from + 1; i < limit; i++) {
                char c = text.charAt(i);
                if (c == '=' || c == ':' && text.charAt(i - 1) == '"') {
                    return true;
                }
                if (c == ',' || c == ']' || c == '}' || isBreak(c)) {
                    return false;
                }
            }
            return false;
        }

        /** The end of a key=value value: ", key=", "&key=", the bracket closing its record or map, a line break. */
        private int pairEnd(int from) {
            int depth = 0;
            for (int i = from; i < length; i++) {
                switch (text.charAt(i)) {
                    case '\r', '\n':
                        return i;
                    case '[', '{', '(':
                        depth++;
                        break;
                    case ']', '}', ')':
                        if (depth == 0) {
                            return i;
                        }
                        depth--;
                        break;
                    case ',', '&':
                        if (depth == 0 && keyFollows(i + 1)) {
                            return i;
                        }
                        break;
                    default:
                        break;
                }
            }
            return length;
        }

        /** Whether a key and '=' start at i (after one optional space): the next pair of a record or query. */
        private boolean keyFollows(int from) {
            int i = from < length && text.charAt(from) == ' ' ? from + 1 : from;
            if (i >= length || !(Character.isLetter(text.charAt(i)) || text.charAt(i) == '_')) {
                return false;
            }
            while (i < length && (isKeyChar(text.charAt(i)) || text.charAt(i) == '.' || text.charAt(i) == '-'
                    || text.charAt(i) == '$')) {
                i++;
            }
            return i < length && text.charAt(i) == '=';
        }
    }

    /**
     * {@code +*******4567}, {@code ******0199} or {@code j***@example.com}: what the number and address rules write.
     */
    private static boolean isMaskedContactPoint(String value) {
        int length = value.length();
        int at = value.indexOf("***@");
        if (at == 1) {
            for (int i = 5; i < length; i++) {
                if (!isDomainChar(value.charAt(i))) {
                    return false;
                }
            }
            return length > 5;
        }
        int i = value.startsWith("+") ? 1 : 0;
        int stars = 0;
        while (i < length && value.charAt(i) == '*') {
            i++;
            stars++;
        }
        if (stars < 3 || length - i != 4) {
            return false;
        }
        for (; i < length; i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** true, false or a number: what a toString shows for a boolean or numeric value. */
    private static boolean isScalar(String value) {
        if ("true".equals(value) || "false".equals(value)) {
            return true;
        }
        int i = value.startsWith("-") ? 1 : 0;
        boolean digits = false;
        for (; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digits = true;
            } else if (c != '.') {
                return false;
            }
        }
        return digits;
    }

    /**
     * A key=value value masked: {@code J***}, {@code "J***"}, a plain list or map as {@code [***]}; null, booleans and
     * numbers stay as they are.
     */
    private static String maskedPairValue(String value) {
        if (value.isEmpty() || "null".equals(value) || isScalar(value)) {
            return value;
        }
        char first = value.charAt(0);
        char last = value.charAt(value.length() - 1);
        if (value.length() >= 2 && (first == '[' && last == ']' || first == '{' && last == '}')) {
            return value.length() == 2 ? value : first + "***" + last;
        }
        if (value.length() >= 2 && (first == '"' || first == '\'') && last == first) {
            return first + maskedText(value.substring(1, value.length() - 1)) + last;
        }
        return maskedText(value);
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
