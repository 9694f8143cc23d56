package io.quocrmbridge.activity;

import io.quocrmbridge.canonical.Directory;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;

import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.canonical.CanonicalEvent;
import io.quocrmbridge.json.Json;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.Permutations;
import io.quocrmbridge.support.QuoEvents;
import org.junit.jupiter.api.Test;

/** Text messages as activities: one per message id, or one per conversation and hour. */
class TextsMergerTest {

    private static final TextsMerger MERGER = new TextsMerger(ZoneId.of("UTC"));

    private static CanonicalEvent event(String fixture) {
        return QuoEvents.normalize(fixture);
    }

    @Test
    void deliveredAndFailedEventsOfOneMessageMergeIntoOneTextWithItsFurthestStatusInAnyOrder() {
        CanonicalEvent delivered = event("legacy-v4/message.delivered.json");
        ObjectNode failedBody = Fixtures.json("legacy-v4/message.delivered.json");
        Fixtures.with(failedBody, "/id", "EVmessageFailedLater");
        Fixtures.with(failedBody, "/type", "message.failed");
        Fixtures.with(failedBody, "/data/object/status", "failed");
        CanonicalEvent failed = QuoEvents.normalize(failedBody);
        String key = MERGER.activityKey(delivered.message(), false, Directory.EMPTY);
        String expected = Json.write(MERGER.merge(key, false, List.of(delivered, failed), Directory.EMPTY));
        for (List<CanonicalEvent> order : Permutations.of(List.of(delivered, failed, delivered))) {
            assertThat(Json.write(MERGER.merge(key, false, order, Directory.EMPTY)), equalTo(expected));
        }
        TextsActivity texts = MERGER.merge(key, false, List.of(delivered, failed), Directory.EMPTY);
        assertThat(key, equalTo("ACe4c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1"));
        assertThat(texts.messages(), hasSize(1));
        assertThat(texts.messages().get(0).status(), equalTo("failed"));
        assertThat(texts.direction(), equalTo("outbound"));
        assertThat(texts.ourNumber(), equalTo("+15125550100"));
        assertThat(texts.theirNumber(), equalTo("+13125550123"));
    }

    @Test
    void aLegacyToStringAndAGroupTextStillTellOurNumberFromTheirs() {
        CanonicalEvent single = event("legacy-v3/message.received.json");
        TextsActivity one = MERGER.merge("k", false, List.of(single), Directory.EMPTY);
        assertThat(one.ourNumber(), equalTo("+15125550100"));
        assertThat(one.theirNumber(), equalTo("+15125550163"));
        CanonicalEvent group = event("legacy-v3/message.received.group-to.json");
        assertThat(group.message().to(), contains("+15125550100", "+15125550101", "+15125550102"));
        TextsActivity fromGroup = MERGER.merge("k", false, List.of(group), Directory.EMPTY);
        assertThat(fromGroup.theirNumber(), equalTo("+15125550163"));
        assertThat(fromGroup.theirNumbers(), contains("+15125550163"));
    }

    @Test
    void theBetaPlanesSenderAndRecipientIdentifiersAreTheNumbers() {
        TextsActivity received = MERGER.merge("k", false, List.of(event("beta/message.received.json")),
                Directory.EMPTY);
        assertThat(received.theirNumber(), equalTo("+15125550147"));
        assertThat(received.ourNumber(), equalTo("+15125550100"));
        TextsActivity failed = MERGER.merge("k", false, List.of(event("beta/message.failed.json")), Directory.EMPTY);
        assertThat(failed.theirNumber(), equalTo("+15125550188"));
        assertThat(failed.messages().get(0).status(), equalTo("failed"));
    }

    @Test
    void groupedByHourAConversationsTextsOfOneHourShareAnActivityListedOldestFirst() {
        CanonicalEvent received = event("legacy-v3/message.received.json");   // 08:12, from them
        CanonicalEvent replied = event("legacy-v3/message.delivered.json");   // 08:15, our answer
        ObjectNode laterBody = Fixtures.json("legacy-v3/message.received.json");
        Fixtures.with(laterBody, "/id", "EVnextHour");
        Fixtures.with(laterBody, "/data/object/id", "ACnextHourMessage");
        Fixtures.with(laterBody, "/data/object/createdAt", "2026-03-03T09:02:00.000Z");
        CanonicalEvent nextHour = QuoEvents.normalize(laterBody);

        String key = MERGER.activityKey(received.message(), true, Directory.EMPTY);
        assertThat(MERGER.activityKey(replied.message(), true, Directory.EMPTY), equalTo(key));
        assertThat(MERGER.activityKey(nextHour.message(), true, Directory.EMPTY), not(equalTo(key)));
        assertThat(key, equalTo("texts:+15125550100:+15125550163:2026-03-03T08:00"));
        assertThat(MERGER.activityKey(received.message(), false, Directory.EMPTY), equalTo(received.message().messageId()));

        TextsActivity hour = MERGER.merge(key, true, List.of(replied, received), Directory.EMPTY);
        assertThat(hour.grouped(), is(true));
        assertThat(hour.messages().stream().map(TextsActivity.Text::messageId).toList(),
                contains(received.message().messageId(), replied.message().messageId()));
        assertThat(hour.startedAt(), equalTo("2026-03-03T08:12:40.420Z"));
        assertThat(hour.direction(), equalTo("inbound"));
    }
}
