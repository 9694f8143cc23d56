package io.quocrmbridge.quo;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** The query strings the bridge sends to Quo's API. */
class QuoApiTest {

    @Test
    void aListRepeatsItsKeyOncePerValueInOrder() {
        String query = QuoApi.query()
                .addAll("participants", List.of("+15125550100", "+15125550101"))
                .add("maxResults", 50)
                .toString();
        assertThat(query, equalTo("participants=%2B15125550100&participants=%2B15125550101&maxResults=50"));
    }

    @Test
    void parametersKeepTheOrderTheyWereAddedIn() {
        String query = QuoApi.query().add("pageToken", "b").add("maxResults", 10)
                .addAll("sources", List.of("z", "a")).add("after", "c").toString();
        assertThat(query, equalTo("pageToken=b&maxResults=10&sources=z&sources=a&after=c"));
    }

    @Test
    void aPlusIsSentAsAPlusAndASpaceAsASpace() {
        String query = QuoApi.query().add("phoneNumber", "+1 512 555 0100").add("name", "Ana & Bo=1%").toString();
        assertThat(query, equalTo("phoneNumber=%2B1%20512%20555%200100&name=Ana%20%26%20Bo%3D1%25"));
        // a server decoding the query reads back exactly the values given, "+" included
        assertThat(URLDecoder.decode("%2B1%20512%20555%200100", StandardCharsets.UTF_8), equalTo("+1 512 555 0100"));
    }

    @Test
    void nonAsciiValuesAreEncodedAsUtf8() {
        assertThat(QuoApi.query().add("name", "Zoë").toString(), equalTo("name=Zo%C3%AB"));
    }

    @Test
    void anEmptyListANullValueAndNullItemsAddNothing() {
        QuoApi.Query query = QuoApi.query().addAll("participants", List.of()).add("pageToken", null)
                .addAll("sources", Arrays.asList(null, "api", null));
        assertThat(query.toString(), equalTo("sources=api"));
        assertThat(QuoApi.query().addAll("externalIds", List.of()).isEmpty(), equalTo(true));
    }

    @Test
    void aRequestCarriesTheQueryOnlyWhenItHasParameters() {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_QUERY, "left=over");
        exchange.getMessage().setBody("left over");

        QuoApi.request(exchange, "GET", "/v1/contacts", QuoApi.query().add("maxResults", 50).add("pageToken", "pt 1"));
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_METHOD), equalTo("GET"));
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_PATH), equalTo("/v1/contacts"));
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_QUERY), equalTo("maxResults=50&pageToken=pt%201"));
        assertThat(exchange.getMessage().getBody(), nullValue());

        QuoApi.request(exchange, "GET", "/v1/users", QuoApi.query().addAll("ids", List.of()));
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_QUERY), nullValue());
        QuoApi.request(exchange, "GET", "/v1/phone-numbers", null);
        assertThat(exchange.getMessage().getHeader(Exchange.HTTP_QUERY), nullValue());
    }
}
