package io.quocrmbridge.crm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;

import org.junit.jupiter.api.Test;

/** Long activity text is cut to fit a CRM field, visibly and at a clean boundary, never refused. */
class ActivityTextTest {

    private static final String LINK = "https://my.quo.com/inbox/PN1/c/CN1";

    @Test
    void aTextThatFitsIsLeftAsItIs() {
        String text = "Summary:\n- all good";
        assertThat(ActivityText.fit(text, 100, LINK), sameInstance(text));
        assertThat(ActivityText.fit(text, text.length(), LINK), sameInstance(text));
    }

    @Test
    void aLongTextIsCutAtTheEndOfALineWithANoteAndTheLink() {
        StringBuilder text = new StringBuilder("Summary:\n- call about the roof\n\nTranscript:\n");
        for (int i = 0; text.length() < 50_000; i++) {
            text.append("Speaker ").append(i % 2).append(": line number ").append(i).append(" of the call\n");
        }
        String fitted = ActivityText.fit(text.toString(), 32_000, LINK);
        assertThat(fitted.length(), lessThanOrEqualTo(32_000));
        assertThat(fitted, containsString("Summary:\n- call about the roof"));
        assertThat(fitted, endsWith("shortened to fit this field's 32000 characters; the whole call is in Quo: " + LINK + "]"));
        String kept = fitted.substring(0, fitted.indexOf("\n\n[…"));
        assertThat("cut after a whole line", kept, endsWith(" of the call"));
    }

    @Test
    void aTextWithoutLineBreaksIsCutBetweenWords() {
        String text = "word ".repeat(1000);
        String fitted = ActivityText.fit(text, 500, null);
        assertThat(fitted.length(), lessThanOrEqualTo(500));
        assertThat(fitted.substring(0, fitted.indexOf("\n\n[…")), endsWith("word"));
        assertThat(fitted, not(containsString("Quo:")));
    }

    @Test
    void anEmojiIsNeverCutInHalf() {
        String text = "😀".repeat(400);
        String fitted = ActivityText.fit(text, 300, null);
        assertThat(fitted.length(), lessThanOrEqualTo(300));
        String kept = fitted.substring(0, fitted.indexOf("\n\n[…"));
        assertThat(kept.length() % 2, equalTo(0));
        assertThat(Character.isHighSurrogate(kept.charAt(kept.length() - 1)), equalTo(false));
    }
}
