package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.BridgeTestSupport;
import io.quocrmbridge.support.Fixtures;
import io.quocrmbridge.support.WebhookSigner;
import org.junit.jupiter.api.Test;

/** Every answer of POST /webhooks/quo, through the real HTTP server, and what each one leaves in the store. */
class WebhookEndpointAnswersTest extends BridgeTestSupport {

    private static final String EVENT = "EVb3f0c2a1d4e54c6f8a9b0c1d2e3f4a5b";

    @Test
    void aSignedEventIsAcceptedWith202OnlyOnceItIsStored() {
        HttpResponse<String> answer = postLegacy(Fixtures.text("beta/contact.updated.json"));
        assertThat(answer.statusCode(), equalTo(202));
        assertThat(answer.body(), equalTo("{\"status\":\"accepted\",\"eventId\":\"" + EVENT + "\"}"));
        assertThat(answer.headers().firstValue("Content-Type").orElse(""), containsString("application/json"));
        assertThat(count("SELECT COUNT(*) FROM inbox_event WHERE event_id = ?", EVENT), equalTo(1L));
    }

    @Test
    void aRedeliveredEventIsAnsweredWith200AndStoredOnce() {
        String body = Fixtures.text("beta/contact.updated.json");
        assertThat(postLegacy(body).statusCode(), equalTo(202));
        HttpResponse<String> again = postLegacy(body);
        assertThat(again.statusCode(), equalTo(200));
        assertThat(again.body(), containsString("\"status\":\"duplicate\""));
        assertThat(count("SELECT COUNT(*) FROM inbox_event"), equalTo(1L));
    }

    @Test
    void aBetaRedeliveryWithTheSameWebhookIdButAnotherBodyIdIsADuplicate() {
        ObjectNode event = Fixtures.json("beta/contact.updated.json");
        assertThat(postBeta(Fixtures.write(event), "msg_same_delivery").statusCode(), equalTo(202));
        Fixtures.with(event, "/id", "EVanotherBodyId");
        assertThat(postBeta(Fixtures.write(event), "msg_same_delivery").statusCode(), equalTo(200));
        assertThat(count("SELECT COUNT(*) FROM inbox_event"), equalTo(1L));
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedWith400AndNotStored() {
        HttpResponse<String> answer = postLegacy("this is not json");
        assertThat(answer.statusCode(), equalTo(400));
        assertThat(answer.body(), containsString("\"error\":\"not_json\""));
        assertThat(count("SELECT COUNT(*) FROM inbox_event"), equalTo(0L));
    }

    @Test
    void jsonThatIsNotAnObjectIsRefusedWith400() {
        HttpResponse<String> answer = postLegacy("[1, 2, 3]");
        assertThat(answer.statusCode(), equalTo(400));
        assertThat(answer.body(), containsString("\"error\":\"not_an_object\""));
    }

    @Test
    void anEnvelopeWithoutIdOrTypeIsRefusedWith400() {
        HttpResponse<String> noId = postLegacy("{\"type\":\"contact.updated\",\"data\":{}}");
        assertThat(noId.statusCode(), equalTo(400));
        assertThat(noId.body(), containsString("\"error\":\"missing_id\""));
        HttpResponse<String> noType = postLegacy("{\"id\":\"EVnoType\",\"data\":{}}");
        assertThat(noType.statusCode(), equalTo(400));
        assertThat(noType.body(), containsString("\"error\":\"missing_type\""));
        assertThat(noType.body(), containsString("\"eventId\":\"EVnoType\""));
        assertThat(count("SELECT COUNT(*) FROM inbox_event"), equalTo(0L));
    }

    @Test
    void anUnsignedDeliveryIsRefusedWith401() {
        HttpResponse<String> answer = post(Fixtures.text("beta/contact.updated.json"), Map.of());
        assertThat(answer.statusCode(), equalTo(401));
        assertThat(answer.body(), containsString("\"error\":\"signature_missing\""));
        assertThat(count("SELECT COUNT(*) FROM inbox_event"), equalTo(0L));
    }

    @Test
    void aDeliverySignedWithAnotherKeyIsRefusedWith401() {
        byte[] body = Fixtures.text("beta/contact.updated.json").getBytes(StandardCharsets.UTF_8);
        String otherKey = java.util.Base64.getEncoder().encodeToString("some-other-key-0123456789".getBytes());
        HttpResponse<String> answer = post(body, WebhookSigner.legacyHeaders(otherKey, body));
        assertThat(answer.statusCode(), equalTo(401));
        assertThat(answer.body(), containsString("\"error\":\"signature_mismatch\""));
    }

    @Test
    void aStaleSignatureIsRefusedWith401() {
        byte[] body = Fixtures.text("beta/contact.updated.json").getBytes(StandardCharsets.UTF_8);
        long tenMinutesAgo = System.currentTimeMillis() - 600_000;
        HttpResponse<String> answer = post(body, Map.of("openphone-signature",
                WebhookSigner.legacySignature(WebhookSigner.LEGACY_KEY, tenMinutesAgo, body)));
        assertThat(answer.statusCode(), equalTo(401));
        assertThat(answer.body(), containsString("\"error\":\"signature_stale\""));
    }

    @Test
    void aBodySignedThenChangedIsRefusedWith401() {
        byte[] body = Fixtures.text("beta/contact.updated.json").getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = WebhookSigner.legacyHeaders(WebhookSigner.LEGACY_KEY, body);
        byte[] tampered = Fixtures.text("beta/contact.updated.json").replace("Jane", "John").getBytes(StandardCharsets.UTF_8);
        assertThat(post(tampered, headers).statusCode(), equalTo(401));
    }

    @Test
    void aBodyOverTheLimitIsRefusedWith413AndAJsonReason() {
        byte[] huge = new byte[1_048_577];
        Arrays.fill(huge, (byte) 'a');
        HttpResponse<String> answer = post(huge, WebhookSigner.legacyHeaders(WebhookSigner.LEGACY_KEY, huge));
        assertThat(answer.statusCode(), equalTo(413));
        assertThat(answer.body(), containsString("\"error\":\"body_too_large\""));
    }

    @Test
    void aSignedEventOfAnUnknownTypeIsStoredAndParked() {
        ObjectNode event = Fixtures.json("beta/contact.updated.json");
        Fixtures.with(event, "/id", "EVfromTheFuture");
        Fixtures.with(event, "/type", "conversation.archived");
        assertThat(postBeta(Fixtures.write(event)).statusCode(), equalTo(202));
        awaitQuiet();
        assertThat(rows("SELECT status FROM inbox_event WHERE event_id = 'EVfromTheFuture'").get(0).get(0),
                equalTo("PARKED"));
        assertThat(outcomes("EVfromTheFuture"), equalTo(java.util.List.of("null:parked")));
    }

    @Test
    void answersNeverEchoRequestHeaders() {
        HttpResponse<String> answer = postLegacy(Fixtures.text("beta/contact.updated.json"));
        assertThat(answer.headers().map().keySet().toString(), not(containsString("openphone-signature")));
    }

    @Test
    void outcomesAreCountedInTheMetrics() {
        postLegacy(Fixtures.text("beta/contact.updated.json"));
        postLegacy(Fixtures.text("beta/contact.updated.json"));
        post("{}", Map.of());
        String metrics = management("GET", "/observe/metrics").body();
        assertThat(metrics, containsString("bridge_webhooks_total{outcome=\"accepted\",type=\"contact.updated\"} 1.0"));
        assertThat(metrics, containsString("bridge_webhooks_total{outcome=\"duplicate\",type=\"contact.updated\"} 1.0"));
        assertThat(metrics, containsString("bridge_webhooks_total{outcome=\"rejected_signature_missing\",type=\"unknown\"} 1.0"));
    }

    @Test
    void whenTheStoreIsGoneDeliveriesAreAnswered503AndReadinessGoesDown() {
        assertThat(management("GET", "/observe/health/ready").statusCode(), equalTo(200));
        database().close();
        HttpResponse<String> answer = postLegacy(Fixtures.text("beta/contact.updated.json"));
        assertThat(answer.statusCode(), equalTo(503));
        assertThat(answer.body(), containsString("\"error\":\"store_unavailable\""));
        HttpResponse<String> ready = management("GET", "/observe/health/ready");
        assertThat(ready.statusCode(), equalTo(503));
        assertThat(ready.body(), containsString("\"status\":\"DOWN\""));
    }
}
