package io.quocrmbridge;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.Properties;

import io.quocrmbridge.support.BridgeTestSupport;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The management plane is closed by default: with BRIDGE_ADMIN_TOKEN every /admin call needs the token; bound beyond
 * loopback without a token, the admin API is off; health and readiness stay open in every case.
 */
class ManagementPlaneTest {

    private static final String TOKEN = "admin-test-token-0123456789";

    @Nested
    class WithAToken extends BridgeTestSupport {

        @Override
        protected void bridgeProperties(Properties properties) {
            properties.put("bridge.admin.token", TOKEN);
        }

        @Test
        void adminCallsNeedTheRightTokenAndHealthStaysOpen() {
            assertThat(management("GET", "/admin/dead-letters").statusCode(), equalTo(401));
            assertThat(management("GET", "/admin/dead-letters", Map.of("Authorization", "Bearer wrong-token"))
                    .statusCode(), equalTo(401));
            assertThat(management("POST", "/admin/dead-letters/1/discard").statusCode(), equalTo(401));
            var allowed = management("GET", "/admin/dead-letters", Map.of("Authorization", "Bearer " + TOKEN));
            assertThat(allowed.statusCode(), equalTo(200));
            assertThat(allowed.body(), containsString("\"deadLetters\""));
            assertThat(management("GET", "/observe/health/ready").statusCode(), equalTo(200));
        }
    }

    @Nested
    class BeyondLoopbackWithoutAToken extends BridgeTestSupport {

        @Override
        protected void bridgeProperties(Properties properties) {
            // every interface: the test still only talks to 127.0.0.1
            properties.put("management.host", "0.0.0.0");
        }

        @Test
        void theAdminApiIsOffAndHealthStaysOpen() {
            var refused = management("GET", "/admin/dead-letters");
            assertThat(refused.statusCode(), equalTo(403));
            assertThat(refused.body(), containsString("admin_api_off"));
            assertThat(management("POST", "/admin/poll/contacts").statusCode(), equalTo(403));
            assertThat(management("GET", "/observe/health/ready").statusCode(), equalTo(200));
        }
    }

    @Nested
    class OnLoopbackByDefault extends BridgeTestSupport {

        @Test
        void theAdminApiAnswersWithoutATokenOnLoopbackOnly() {
            assertThat(management("GET", "/admin/dead-letters").statusCode(), equalTo(200));
        }
    }
}
