package io.quocrmbridge.config;

import org.apache.camel.CamelContext;

/** Looks up a bean another concern bound before, by name and type. */
public final class Beans {

    private Beans() {
    }

    /**
     * @throws IllegalStateException when no such bean is bound: the concern that binds it must be configured first
     *                               (the order is in {@code BridgeConfiguration})
     */
    public static <T> T of(CamelContext context, String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("no bean '" + name + "' of type " + type.getSimpleName()
                    + " is bound; the concern that binds it must be configured first");
        }
        return bean;
    }
}
