package io.quocrmbridge.phone;

import java.util.Locale;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/**
 * Phone numbers in E.164 through libphonenumber. A number that can't be parsed or isn't valid is kept as it was
 * written and flagged, never dropped: CRMs store what people typed, and losing a number is worse than an
 * unformatted one.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    /**
     * @param defaultRegion ISO 3166 region used for numbers written without a country code, e.g. {@code US}
     * @throws IllegalArgumentException when libphonenumber does not know the region
     */
    public PhoneNumbers(String defaultRegion) {
        String region = defaultRegion == null ? "" : defaultRegion.trim().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("BRIDGE_PHONE_DEFAULT_REGION: '" + defaultRegion
                    + "' is not an ISO 3166 region libphonenumber knows (e.g. US, GB, DE)");
        }
        this.defaultRegion = region;
    }

    /** A normalised number: E.164 when valid, else the raw text with {@code valid=false}. */
    public record Normalized(String raw, String e164, boolean valid, boolean mobile) {

        /** E.164 when valid, otherwise the number as written. */
        public String best() {
            return e164 != null ? e164 : raw;
        }
    }

    /** Normalises one number; null for blank input. */
    public Normalized normalize(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String trimmed = raw.trim();
        try {
            Phonenumber.PhoneNumber parsed = UTIL.parse(trimmed, defaultRegion);
            if (!UTIL.isValidNumber(parsed)) {
                return new Normalized(trimmed, null, false, false);
            }
            PhoneNumberUtil.PhoneNumberType type = UTIL.getNumberType(parsed);
            return new Normalized(trimmed, UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164), true,
                    type == PhoneNumberUtil.PhoneNumberType.MOBILE);
        } catch (NumberParseException e) {
            return new Normalized(trimmed, null, false, false);
        }
    }

    /**
     * The forms a person may have typed a number in, for CRM phone lookups: E.164, national and international
     * formatting, and bare national digits.
     */
    public java.util.List<String> searchForms(String e164) {
        java.util.LinkedHashSet<String> forms = new java.util.LinkedHashSet<>();
        if (e164 == null || e164.isBlank()) {
            return java.util.List.of();
        }
        forms.add(e164);
        try {
            Phonenumber.PhoneNumber parsed = UTIL.parse(e164, defaultRegion);
            forms.add(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.NATIONAL));
            forms.add(UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL));
            forms.add(UTIL.getNationalSignificantNumber(parsed));
        } catch (NumberParseException e) {
            // only the E.164 form
        }
        return java.util.List.copyOf(forms);
    }

    public String defaultRegion() {
        return defaultRegion;
    }
}
