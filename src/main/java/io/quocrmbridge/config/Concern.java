package io.quocrmbridge.config;

import org.apache.camel.CamelContext;

/**
 * One concern's wiring: binds its own beans and looks up those of the concerns configured before it. Not a
 * {@code CamelConfiguration}, so Camel Main's package scan never runs one on its own, out of order;
 * {@code io.quocrmbridge.BridgeConfiguration} runs them in order.
 */
public interface Concern {

    void configure(CamelContext context) throws Exception;
}
