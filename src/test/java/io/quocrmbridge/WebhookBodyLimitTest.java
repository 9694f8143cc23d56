package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.support.BridgeTestSupport;
import io.quocrmbridge.support.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * QUO_WEBHOOK_MAX_BODY_BYTES set low (2048): the limit is exactly that many bytes of signed body, the default's
 * 1 MiB no longer applies (see WebhookEndpointAnswersTest for the default).
 */
class WebhookBodyLimitTest extends BridgeTestSupport {

    private static final int LIMIT = 2048;

    @Override
    protected void bridgeProperties(Properties properties) {
        properties.put("quo.webhook.max-body-bytes", Integer.toString(LIMIT));
    }

    /** A real contact.updated event under its own id, padded with insignificant whitespace to exactly {@code size}. */
    private static String eventOfExactly(int size, String eventId) {
        ObjectNode event = Fixtures.json("beta/contact.updated.json");
        Fixtures.with(event, "/id", eventId);
        String json = Fixtures.write(event);
        int length = json.getBytes(StandardCharsets.UTF_8).length;
        assertThat("the event fits before padding", length < size, equalTo(true));
        String body = json.substring(0, json.length() - 1) + " ".repeat(size - length) + "}";
        assertThat(body.getBytes(StandardCharsets.UTF_8).length, equalTo(size));
        return body;
    }

    @Test
    void aSignedBodyOneByteOverTheConfiguredLimitIsRefusedWith413AndNotStored() {
        HttpResponse<String> answer = postLegacy(eventOfExactly(LIMIT + 1, "EVoneByteTooMany"));

        assertThat(answer.statusCode(), equalTo(413));
        assertThat(answer.body(), containsString("\"error\":\"body_too_large\""));
        assertThat(answer.body(), containsString("the limit of " + LIMIT + " bytes"));
        assertThat(count("SELECT COUNT(*) FROM inbox_event"), equalTo(0L));
    }

    @Test
    void aSignedBodyOfExactlyTheConfiguredLimitIsAcceptedAndStored() {
        HttpResponse<String> answer = postLegacy(eventOfExactly(LIMIT, "EVexactlyAtTheLimit"));

        assertThat(answer.statusCode(), equalTo(202));
        assertThat(count("SELECT COUNT(*) FROM inbox_event WHERE event_id = 'EVexactlyAtTheLimit'"), equalTo(1L));
    }

    @Test
    void aBetaSignedBodyOneByteOverTheLimitIsRefusedToo() {
        assertThat(postBeta(eventOfExactly(LIMIT + 1, "EVbetaTooMany")).statusCode(), equalTo(413));
        assertThat(postBeta(eventOfExactly(LIMIT, "EVbetaAtTheLimit")).statusCode(), equalTo(202));
    }
}
