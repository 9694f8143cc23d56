package io.quocrmbridge.crm;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** A target that forgets a part of its writer, or has none, stops the start with what is missing named. */
class WriterCheckTest {

    private static CrmWriter crmWriter() {
        return new CrmWriter(null, null, null, null, new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(2)),
                Duration.ofSeconds(1), Duration.ofSeconds(1), null, null, Clock.systemUTC());
    }

    private static DefaultCamelContext contextWith(String... directs) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        // a lambda route builder: a RouteBuilder class in the bridge's packages would be found by Camel Main's scan
        RouteBuilder.addRoutes(context, routes -> {
            for (String direct : directs) {
                routes.from(direct).log("x");
            }
        });
        context.start();
        return context;
    }

    private static TargetWriter writer(CrmWriter crmWriter, String mapping) {
        TargetWriter writer = new TargetWriter();
        writer.setTarget("mycrm");
        writer.setKind("contact");
        writer.setMapping(mapping);
        writer.setSend("direct:mycrm-send");
        writer.setLink("direct:crm-no-link");
        writer.setBatchSize(10);
        writer.setCrmWriter(crmWriter);
        return writer;
    }

    @Test
    void aWriterWhoseMappingRouteDoesNotExistIsNamed() throws Exception {
        CrmWriter crmWriter = crmWriter();
        writer(crmWriter, "direct:mycrm-map-contcat");
        try (DefaultCamelContext context = contextWith("direct:mycrm-map-contact", "direct:mycrm-send",
                "direct:crm-no-link")) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> crmWriter.checkWriters(context, List.of("mycrm")));
            assertThat(refused.getMessage(), containsString(
                    "mycrm-contact-writer: its mapping endpoint 'direct:mycrm-map-contcat' is not a route"));
        }
    }

    @Test
    void aListedTargetWithoutAnyWriterIsNamed() throws Exception {
        CrmWriter crmWriter = crmWriter();
        writer(crmWriter, "direct:mycrm-map-contact");
        try (DefaultCamelContext context = contextWith("direct:mycrm-map-contact", "direct:mycrm-send",
                "direct:crm-no-link")) {
            crmWriter.checkWriters(context, List.of("mycrm"));
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> crmWriter.checkWriters(context, List.of("mycrm", "othercrm")));
            assertThat(refused.getMessage(), containsString("CRM_TARGETS names 'othercrm' but no route file"));
        }
    }
}
