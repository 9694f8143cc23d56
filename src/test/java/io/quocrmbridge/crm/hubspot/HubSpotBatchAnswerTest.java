package io.quocrmbridge.crm.hubspot;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.List;

import io.quocrmbridge.json.Json;
import io.quocrmbridge.crm.CrmBatch;
import io.quocrmbridge.crm.CrmFailure;
import io.quocrmbridge.store.OutboxStore;
import io.quocrmbridge.store.RecordVersion;
import org.junit.jupiter.api.Test;

/** Reading HubSpot's batch answers record by record, whatever order the results come in. */
class HubSpotBatchAnswerTest {

    private static CrmBatch.Item item(String key) {
        return new CrmBatch.Item(new OutboxStore.Entry(1, "hubspot", "contact", "upsert", key,
                new RecordVersion(1L, "h"), "EV" + key, "contact.updated", "{}", 0, Instant.EPOCH));
    }

    private static void settle(HubSpotBatchAnswer answer, List<CrmBatch.Item> items) {
        answer.settle(items, CrmBatch.Item::getRecordKey,
                result -> Json.text(result.path("properties"), "quo_contact_id"),
                result -> result.path("new").asBoolean() ? "created" : "updated");
    }

    @Test
    void resultsInAnyOrderAreMatchedToTheirRecordsByKey() {
        List<CrmBatch.Item> items = List.of(item("CTa"), item("CTb"));
        settle(HubSpotBatchAnswer.parse(200, """
                {"status": "COMPLETE", "results": [
                  {"id": "202", "new": false, "properties": {"quo_contact_id": "CTb"}},
                  {"id": "101", "new": true, "properties": {"quo_contact_id": "CTa"}}]}"""), items);
        assertThat(items.get(0).getOutcome(), equalTo("created"));
        assertThat(items.get(0).getCrmId(), equalTo("101"));
        assertThat(items.get(1).getOutcome(), equalTo("updated"));
        assertThat(items.get(1).getCrmId(), equalTo("202"));
    }

    @Test
    void aPartialFailureFailsOnlyTheInputItsErrorNames() {
        List<CrmBatch.Item> items = List.of(item("CTa"), item("CTb"), item("CTc"));
        settle(HubSpotBatchAnswer.parse(207, """
                {"status": "COMPLETE", "numErrors": 2,
                 "results": [{"id": "101", "new": true, "properties": {"quo_contact_id": "CTa"}}],
                 "errors": [
                   {"status": "error", "category": "VALIDATION_ERROR", "message": "Email address x is invalid",
                    "context": {"ids": ["CTb"]}},
                   {"status": "error", "category": "CONFLICT", "message": "Contact CTc: e-mail already taken"}]}"""),
                items);
        assertThat(items.get(0).getOutcome(), equalTo("created"));
        CrmFailure b = items.get(1).getFailure();
        assertThat(b.kind(), is(CrmFailure.Kind.PERMANENT));
        assertThat(b.errorCode(), equalTo("VALIDATION_ERROR"));
        assertThat(b.reason(), containsString("Email address x is invalid"));
        assertThat(items.get(2).getFailure().errorCode(), equalTo("CONFLICT"));
    }

    @Test
    void anInputNeitherInTheResultsNorNamedByAnErrorIsRetriedNotDropped() {
        List<CrmBatch.Item> items = List.of(item("CTa"));
        settle(HubSpotBatchAnswer.parse(200, "{\"status\": \"COMPLETE\", \"results\": []}"), items);
        assertThat(items.get(0).getOutcome(), nullValue());
        assertThat(items.get(0).getFailure().kind(), is(CrmFailure.Kind.TRANSIENT));
    }

    @Test
    void aLoneResultWithoutItsKeyStillBelongsToTheLoneInputSoARetryCreatesNoSecondObject() {
        List<CrmBatch.Item> items = List.of(item("ACcall"));
        HubSpotBatchAnswer.parse(201, """
                {"status": "COMPLETE", "results": [{"id": "555", "properties": {}}]}""").settle(items,
                CrmBatch.Item::getRecordKey, result -> Json.text(result, "objectWriteTraceId"), result -> "created");
        assertThat(items.get(0).getOutcome(), equalTo("created"));
        assertThat(items.get(0).getCrmId(), equalTo("555"));
    }
}
