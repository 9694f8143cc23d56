package io.quocrmbridge.crm.hubspot;

import io.quocrmbridge.config.Settings;

/**
 * The HubSpot target's settings ({@code HUBSPOT_*}).
 *
 * @param contactUniqueProperty  the contact property with unique values the bridge upserts by (quo_contact_id)
 * @param contactDeletedProperty the property CONTACT_DELETE_POLICY=flag sets
 * @param batchSize              inputs per batch call, 1 to 100
 * @param bodyMax                longest call or text body, in characters of HTML
 */
public record HubSpotSettings(String contactUniqueProperty, String contactDeletedProperty, int batchSize,
                              int bodyMax) {

    /** HubSpot's largest batch: 100 inputs. */
    static final int MAX_BATCH = 100;

    public HubSpotSettings {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw new IllegalArgumentException("HUBSPOT_BATCH_SIZE must be 1 to " + MAX_BATCH + ", not " + batchSize);
        }
        if (bodyMax < 256 || bodyMax > HubSpotProperties.TEXT_MAX) {
            throw new IllegalArgumentException("HUBSPOT_BODY_MAX must be 256 to " + HubSpotProperties.TEXT_MAX
                    + ", not " + bodyMax);
        }
    }

    public static HubSpotSettings from(Settings settings) {
        return new HubSpotSettings(settings.required("hubspot.contact.unique-property"),
                settings.required("hubspot.contact.deleted-property"),
                settings.integer("hubspot.batch.size", 1),
                settings.integer("hubspot.body-max", 1));
    }
}
