package io.quocrmbridge.store;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.quocrmbridge.store.RecordVersion.Verdict;
import org.junit.jupiter.api.Test;

class RecordVersionTest {

    private static final long APRIL_13_NOON = 1_776_081_600_000L;

    @Test
    void anythingIsNewerWhenNothingWasAcceptedYet() {
        assertThat(new RecordVersion(APRIL_13_NOON, "h1").against(null), is(Verdict.NEWER));
        assertThat(new RecordVersion(null, "h1").against(null), is(Verdict.NEWER));
    }

    @Test
    void sameContentIsTheSameVersionWhateverTheTimestamps() {
        RecordVersion accepted = new RecordVersion(APRIL_13_NOON, "h1");

        assertThat(new RecordVersion(APRIL_13_NOON + 60_000, "h1").against(accepted), is(Verdict.SAME));
        assertThat(new RecordVersion(APRIL_13_NOON - 60_000, "h1").against(accepted), is(Verdict.SAME));
        assertThat(new RecordVersion(null, "h1").against(accepted), is(Verdict.SAME));
        assertThat(new RecordVersion(APRIL_13_NOON, "h1").against(new RecordVersion(null, "h1")), is(Verdict.SAME));
    }

    @Test
    void laterTimestampWithDifferentContentIsNewer() {
        RecordVersion accepted = new RecordVersion(APRIL_13_NOON, "h1");

        assertThat(new RecordVersion(APRIL_13_NOON + 1, "h2").against(accepted), is(Verdict.NEWER));
    }

    @Test
    void earlierTimestampWithDifferentContentIsOlder() {
        RecordVersion accepted = new RecordVersion(APRIL_13_NOON, "h1");

        assertThat(new RecordVersion(APRIL_13_NOON - 1, "h2").against(accepted), is(Verdict.OLDER));
    }

    @Test
    void equalTimestampWithDifferentContentIsTheSameVersion() {
        // one Quo update rendered twice (webhook and poll) may hash differently
        RecordVersion accepted = new RecordVersion(APRIL_13_NOON, "from-webhook");

        assertThat(new RecordVersion(APRIL_13_NOON, "from-poll").against(accepted), is(Verdict.SAME));
    }

    @Test
    void differentContentWithoutCandidateTimestampIsNewer() {
        RecordVersion accepted = new RecordVersion(APRIL_13_NOON, "h1");

        assertThat(new RecordVersion(null, "h2").against(accepted), is(Verdict.NEWER));
    }

    @Test
    void differentContentWithoutAcceptedTimestampIsNewer() {
        RecordVersion accepted = new RecordVersion(null, "h1");

        assertThat(new RecordVersion(APRIL_13_NOON - 86_400_000L, "h2").against(accepted), is(Verdict.NEWER));
    }

    @Test
    void differentContentWithoutAnyTimestampIsNewer() {
        assertThat(new RecordVersion(null, "h2").against(new RecordVersion(null, "h1")), is(Verdict.NEWER));
    }

    @Test
    void latestIsTheLaterOfTwoTimestampsIgnoringAbsentOnes() {
        assertThat(RecordVersion.latest(5L, 9L), is(9L));
        assertThat(RecordVersion.latest(9L, 5L), is(9L));
        assertThat(RecordVersion.latest(7L, 7L), is(7L));
        assertThat(RecordVersion.latest(null, 9L), is(9L));
        assertThat(RecordVersion.latest(5L, null), is(5L));
        assertThat(RecordVersion.latest(null, null), nullValue());
    }
}
