package io.quocrmbridge.observe;

import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.NamedRoute;
import org.apache.camel.impl.engine.DefaultTracer;
import org.apache.camel.support.CamelContextHelper;

/**
 * Camel's tracer ({@code BRIDGE_TRACE=true}), minus the routes that poll on a schedule (the writers, the dispatch
 * sweep, housekeeping): they run every few hundred milliseconds, mostly finding nothing, and would bury the events'
 * paths. Everything an event goes through is traced, including the routes a writer calls to map and send it.
 */
public final class EventPathTracer extends DefaultTracer {

    @Override
    public boolean shouldTrace(NamedNode node) {
        return !isPollingRoute(CamelContextHelper.getRouteId(node)) && super.shouldTrace(node);
    }

    @Override
    public void traceBeforeRoute(NamedRoute route, Exchange exchange) {
        if (!isPolling(route)) {
            super.traceBeforeRoute(route, exchange);
        }
    }

    @Override
    public void traceAfterRoute(NamedRoute route, Exchange exchange) {
        if (!isPolling(route)) {
            super.traceAfterRoute(route, exchange);
        }
    }

    private static boolean isPolling(NamedRoute route) {
        String uri = route.getEndpointUrl();
        return uri != null && isScheduled(uri);
    }

    private static boolean isScheduled(String uri) {
        return uri.startsWith("scheduler:") || uri.startsWith("timer:") || uri.startsWith("master:");
    }

    private boolean isPollingRoute(String routeId) {
        if (routeId == null || getCamelContext() == null) {
            return false;
        }
        var route = getCamelContext().getRoute(routeId);
        if (route == null || route.getEndpoint() == null) {
            return false;
        }
        return isScheduled(route.getEndpoint().getEndpointUri());
    }
}
