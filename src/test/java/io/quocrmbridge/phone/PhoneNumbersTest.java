package io.quocrmbridge.phone;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quocrmbridge.phone.PhoneNumbers.Normalized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    private final PhoneNumbers us = new PhoneNumbers("US");
    private final PhoneNumbers gb = new PhoneNumbers("GB");

    @ParameterizedTest(name = "{0} => {1}")
    @CsvSource(delimiter = '|', value = {
        "(512) 555-0199   | +15125550199",
        "512-555-0147     | +15125550147",
        "512.555.0147     | +15125550147",
        "1-800-555-0100   | +18005550100",
        "+1 202 555 0100  | +12025550100",
        "+44 20 7946 0958 | +442079460958",
    })
    void validNumberWithUsDefaultRegionBecomesE164(String raw, String e164) {
        Normalized number = us.normalize(raw);

        assertThat(number.valid(), is(true));
        assertThat(number.e164(), equalTo(e164));
        assertThat(number.best(), equalTo(e164));
        assertThat(number.raw(), equalTo(raw));
    }

    @Test
    void nationalNumberIsReadInTheDefaultRegion() {
        assertThat(gb.normalize("020 7946 0958").e164(), equalTo("+442079460958"));
        // the same digits mean nothing valid in the US
        assertThat(us.normalize("020 7946 0958").valid(), is(false));
        // and a US national number is not valid in GB
        assertThat(gb.normalize("(512) 555-0199").valid(), is(false));
    }

    @Test
    void numberWithCountryCodeIsValidWhateverTheDefaultRegion() {
        assertThat(gb.normalize("+1 512 555 0147").e164(), equalTo("+15125550147"));
        assertThat(us.normalize("+44 7400 123456").e164(), equalTo("+447400123456"));
    }

    @Test
    void ukMobileIsFlaggedMobile() {
        Normalized mobile = gb.normalize("07400 123456");

        assertThat(mobile.e164(), equalTo("+447400123456"));
        assertThat(mobile.mobile(), is(true));
    }

    @Test
    void ukFixedLineIsNotFlaggedMobile() {
        Normalized landline = gb.normalize("0121 234 5678");

        assertThat(landline.e164(), equalTo("+441212345678"));
        assertThat(landline.valid(), is(true));
        assertThat(landline.mobile(), is(false));
    }

    @Test
    void usNumberIsNotFlaggedMobileBecauseUsNumbersDoNotTellFixedFromMobile() {
        assertThat(us.normalize("+15125550147").mobile(), is(false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "555-0199", "+15550000000", "not a number", "+44 7700 900123", "++1 512"})
    void invalidOrUnparseableNumberIsKeptAsWrittenAndFlagged(String raw) {
        Normalized number = us.normalize("  " + raw + " ");

        assertThat(number.valid(), is(false));
        assertThat(number.e164(), nullValue());
        assertThat(number.mobile(), is(false));
        assertThat(number.raw(), equalTo(raw));
        assertThat(number.best(), equalTo(raw));
    }

    @Test
    void blankInputHasNoNumber() {
        assertThat(us.normalize(null), nullValue());
        assertThat(us.normalize(""), nullValue());
        assertThat(us.normalize("   "), nullValue());
    }

    @Test
    void defaultRegionIsTrimmedAndUpperCased() {
        assertThat(new PhoneNumbers(" gb ").defaultRegion(), equalTo("GB"));
        assertThat(new PhoneNumbers("us").normalize("(512) 555-0199").e164(), equalTo("+15125550199"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "UK", "USA", "", "  "})
    void unknownDefaultRegionIsRejectedNamingTheSetting(String region) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new PhoneNumbers(region));

        assertThat(refused.getMessage(), containsString("BRIDGE_PHONE_DEFAULT_REGION"));
    }

    @Test
    void missingDefaultRegionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PhoneNumbers(null));
    }

    @Test
    void searchFormsOfAUsNumberAreE164NationalInternationalAndBareDigits() {
        assertThat(us.searchForms("+15125550147"),
                contains("+15125550147", "(512) 555-0147", "+1 512-555-0147", "5125550147"));
    }

    @Test
    void searchFormsOfAUkNumberUseUkFormatting() {
        assertThat(gb.searchForms("+447400123456"),
                contains("+447400123456", "07400 123456", "+44 7400 123456", "7400123456"));
    }

    @Test
    void searchFormsOfUnparseableTextAreJustThatText() {
        assertThat(us.searchForms("garbage"), contains("garbage"));
    }

    @Test
    void searchFormsOfBlankInputAreEmpty() {
        assertThat(us.searchForms(null), is(empty()));
        assertThat(us.searchForms(" "), is(empty()));
    }
}
