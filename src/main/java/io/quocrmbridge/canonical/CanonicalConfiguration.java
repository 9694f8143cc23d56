package io.quocrmbridge.canonical;

import io.quocrmbridge.config.Concern;
import io.quocrmbridge.config.Settings;
import io.quocrmbridge.phone.PhoneNumbers;
import org.apache.camel.CamelContext;

/**
 * Normalisation: phone numbers (BRIDGE_PHONE_DEFAULT_REGION), the normalisers of Quo's payloads into canonical events,
 * and the workspace directory they are read against. Binds {@code phoneNumbers}, {@code contactNormalizer},
 * {@code quoEventNormalizer} and {@code workspaceDirectory}.
 */
public final class CanonicalConfiguration implements Concern {

    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context);
        PhoneNumbers phoneNumbers = new PhoneNumbers(settings.required("bridge.phone.default-region"));
        ContactNormalizer contacts = new ContactNormalizer(phoneNumbers);
        var registry = context.getRegistry();
        registry.bind("phoneNumbers", phoneNumbers);
        registry.bind("contactNormalizer", contacts);
        registry.bind("quoEventNormalizer", new QuoEventNormalizer(contacts));
        registry.bind("workspaceDirectory", new WorkspaceDirectory());
    }
}
