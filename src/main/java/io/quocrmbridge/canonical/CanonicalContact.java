package io.quocrmbridge.canonical;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Quo contact, the same whether it came from a beta or legacy webhook or from the REST API.
 *
 * @param quoId       Quo's contact id
 * @param externalId  the contact's externalId in Quo, if set
 * @param recordKey   the key CRMs are upserted by: {@code externalId} where set, else {@code quoId}
 * @param emails      in Quo's order; the first is the one mapped to a CRM's main e-mail field
 * @param phones      in Quo's order; E.164 where the number is valid
 * @param custom      custom fields by key, each with a CRM-ready {@code text} value
 * @param source      how the contact was created in Quo (public-api, ...), if known
 * @param deepLink    link to the contact in Quo, if known
 * @param version     updatedAt (epoch ms) and content hash: the idempotency version of this contact
 * @param deleted     true for a contact.deleted event
 */
public record CanonicalContact(String quoId, String externalId, String recordKey, String firstName, String lastName,
                               String company, String role, String location, List<Email> emails, List<Phone> phones,
                               Map<String, CustomField> custom, String source, String sourceUrl, String deepLink,
                               String createdAt, String updatedAt, Version version, boolean deleted) {

    /** An e-mail address with Quo's label for it (null where the payload has none). */
    public record Email(String label, String value) {
    }

    /**
     * A phone number.
     *
     * @param value  E.164 when valid, else the number as written: the value mapped to CRM fields
     * @param raw    the number as Quo had it
     * @param e164   E.164, or null when the number is not valid
     * @param valid  false when libphonenumber could not make E.164 of it (kept and flagged, never dropped)
     * @param mobile true when the label says mobile/cell or the number is a mobile number
     */
    public record Phone(String label, String value, String raw, String e164, boolean valid, boolean mobile) {
    }

    /**
     * A custom field.
     *
     * @param type  address, boolean, date, multi-select, number, string or url
     * @param value the value as Quo sent it
     * @param text  the value ready for a CRM field: multi-select joined with ";", others as they are
     */
    public record CustomField(String name, String type, JsonNode value, JsonNode text) {
    }

    /** The version of this contact: Quo's updatedAt in epoch ms (null when absent) and a hash of the content. */
    public record Version(Long updatedAt, String hash) {
    }
}
