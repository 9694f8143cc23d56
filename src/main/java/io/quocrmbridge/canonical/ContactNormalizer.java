package io.quocrmbridge.canonical;

import io.quocrmbridge.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quocrmbridge.phone.PhoneNumbers;

/**
 * Turns the three shapes a Quo contact arrives in into one {@link CanonicalContact}:
 * <ul>
 *   <li>the beta plane's flat resource ({@code firstName}, {@code emails[{value,type}]}, ...; seed 004),</li>
 *   <li>the REST shape ({@code defaultFields{...}}, {@code customFields[...]}; seed 003 and the poller),</li>
 *   <li>the legacy webhook's {@code fields} map keyed by display labels ("First name", "Phone", ...).</li>
 * </ul>
 */
public final class ContactNormalizer {

    private final PhoneNumbers phoneNumbers;

    public ContactNormalizer(PhoneNumbers phoneNumbers) {
        this.phoneNumbers = phoneNumbers;
    }

    /** Normalises whichever shape {@code node} has. */
    public CanonicalContact normalize(JsonNode node, String deepLink, boolean deleted) {
        if (node == null || !node.isObject()) {
            throw new NormalizationException("contact event carries no contact object");
        }
        if (node.has("defaultFields")) {
            return fromRest(node, deepLink, deleted);
        }
        if (node.has("fields") && node.get("fields").isObject()) {
            return fromLegacyFields(node, deepLink, deleted);
        }
        return fromFlat(node, deepLink, deleted);
    }

    /** The beta plane's resource (and any flat contact object). */
    CanonicalContact fromFlat(JsonNode resource, String deepLink, boolean deleted) {
        Builder b = new Builder(resource, deepLink, deleted);
        b.firstName = Json.text(resource, "firstName");
        b.lastName = Json.text(resource, "lastName");
        b.company = Json.text(resource, "company");
        b.role = Json.text(resource, "role");
        b.location = Json.text(resource, "location");
        addEmails(b, resource.get("emails"));
        addPhones(b, resource.get("phoneNumbers"));
        addCustomFields(b, resource.get("customFields"));
        return b.build();
    }

    /** The REST API's contact (GET /v1/contacts). */
    CanonicalContact fromRest(JsonNode contact, String deepLink, boolean deleted) {
        Builder b = new Builder(contact, deepLink, deleted);
        JsonNode fields = contact.get("defaultFields");
        b.firstName = Json.text(fields, "firstName");
        b.lastName = Json.text(fields, "lastName");
        b.company = Json.text(fields, "company");
        b.role = Json.text(fields, "role");
        addEmails(b, fields == null ? null : fields.get("emails"));
        addPhones(b, fields == null ? null : fields.get("phoneNumbers"));
        addCustomFields(b, contact.get("customFields"));
        return b.build();
    }

    /**
     * The legacy webhook's contact: a {@code fields} map keyed by the labels shown in the Quo app. Real v3 deliveries
     * also carry {@code firstName}/{@code lastName}/{@code company}/{@code role} beside the map (which then holds only
     * "Phone" and the like); those are read first, and a label in the map wins where both are sent.
     */
    CanonicalContact fromLegacyFields(JsonNode object, String deepLink, boolean deleted) {
        Builder b = new Builder(object, deepLink, deleted);
        b.firstName = Json.text(object, "firstName");
        b.lastName = Json.text(object, "lastName");
        b.company = Json.text(object, "company");
        b.role = Json.text(object, "role");
        b.location = Json.text(object, "location");
        Iterator<Map.Entry<String, JsonNode>> fields = object.get("fields").fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String label = field.getKey();
            JsonNode value = field.getValue();
            switch (labelKey(label)) {
                case "firstname" -> b.firstName = scalar(value);
                case "lastname" -> b.lastName = scalar(value);
                case "company", "companyname", "organization" -> b.company = scalar(value);
                case "role", "title", "jobtitle" -> b.role = scalar(value);
                case "location" -> b.location = scalar(value);
                case "phone", "phones", "phonenumber", "phonenumbers", "mobile", "mobilephone" ->
                        addPhones(b, value, label);
                case "email", "emails", "emailaddress", "emailaddresses" -> addEmails(b, value);
                default -> addLegacyCustomField(b, label, value);
            }
        }
        return b.build();
    }

    private void addEmails(Builder b, JsonNode emails) {
        for (JsonNode item : items(emails)) {
            String value = item.isObject() ? Json.text(item, "value") : scalar(item);
            if (value != null) {
                b.emails.add(new CanonicalContact.Email(item.isObject() ? label(item) : null, value.trim()));
            }
        }
    }

    private void addPhones(Builder b, JsonNode phones) {
        addPhones(b, phones, null);
    }

    private void addPhones(Builder b, JsonNode phones, String fallbackLabel) {
        for (JsonNode item : items(phones)) {
            String raw = item.isObject() ? Json.text(item, "value") : scalar(item);
            if (raw == null) {
                continue;
            }
            String label = item.isObject() ? label(item) : null;
            if (label == null && fallbackLabel != null && isMobileLabel(fallbackLabel)) {
                label = fallbackLabel;
            }
            PhoneNumbers.Normalized number = phoneNumbers.normalize(raw);
            if (number == null) {
                continue;
            }
            boolean mobile = isMobileLabel(label) || number.mobile();
            b.phones.add(new CanonicalContact.Phone(label, number.best(), number.raw(), number.e164(),
                    number.valid(), mobile));
        }
    }

    private static void addCustomFields(Builder b, JsonNode customFields) {
        for (JsonNode field : items(customFields)) {
            String key = Json.text(field, "key");
            String name = Json.text(field, "name");
            if (key == null) {
                key = name == null ? null : slug(name);
            }
            if (key == null) {
                continue;
            }
            String type = Json.text(field, "type");
            JsonNode value = field.has("value") ? field.get("value") : NullNode.getInstance();
            b.custom.put(key, new CanonicalContact.CustomField(name, type, value, crmValue(type, value)));
        }
    }

    private static void addLegacyCustomField(Builder b, String label, JsonNode value) {
        String type;
        if (value == null || value.isNull()) {
            type = "string";
        } else if (value.isBoolean()) {
            type = "boolean";
        } else if (value.isNumber()) {
            type = "number";
        } else if (value.isArray()) {
            type = "multi-select";
        } else {
            type = "string";
        }
        JsonNode safeValue = value == null ? NullNode.getInstance() : value;
        b.custom.put(slug(label), new CanonicalContact.CustomField(label, type, safeValue, crmValue(type, safeValue)));
    }

    /**
     * A custom field's value as a CRM field takes it: multi-select joined with ";" (Salesforce multi-picklists and
     * HubSpot multiple checkboxes both use it), numbers as numbers (also when Quo sent them as text), booleans as
     * booleans, everything else (string, url, address, date) as text. Null stays null.
     */
    static JsonNode crmValue(String type, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return NullNode.getInstance();
        }
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        switch (t) {
            case "multi-select": {
                List<String> parts = new ArrayList<>();
                for (JsonNode item : items(value)) {
                    String text = scalar(item);
                    if (text != null) {
                        parts.add(text);
                    }
                }
                return parts.isEmpty() ? NullNode.getInstance() : TextNode.valueOf(String.join(";", parts));
            }
            case "number":
                if (value.isNumber()) {
                    return value;
                }
                try {
                    return DecimalNode.valueOf(new java.math.BigDecimal(value.asText().trim()));
                } catch (NumberFormatException e) {
                    return NullNode.getInstance();
                }
            case "boolean":
                if (value.isBoolean()) {
                    return value;
                }
                return BooleanNode.valueOf(Boolean.parseBoolean(value.asText().trim()));
            default:
                if (value.isContainerNode()) {
                    return TextNode.valueOf(value.toString());
                }
                return value.isTextual() ? value : TextNode.valueOf(value.asText());
        }
    }

    private static List<JsonNode> items(JsonNode node) {
        List<JsonNode> items = new ArrayList<>();
        if (node == null || node.isNull()) {
            return items;
        }
        if (node.isArray()) {
            node.forEach(items::add);
        } else {
            items.add(node);
        }
        return items;
    }

    private static String label(JsonNode item) {
        String label = Json.text(item, "name");
        if (label == null) {
            label = Json.text(item, "label");
        }
        return label;
    }

    private static String scalar(JsonNode value) {
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    static boolean isMobileLabel(String label) {
        if (label == null) {
            return false;
        }
        String l = label.toLowerCase(Locale.ROOT);
        return l.contains("mobile") || l.contains("cell");
    }

    private static String labelKey(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
    }

    /** A custom field key made from a display label: lower case, dashes for anything else. */
    static String slug(String label) {
        String slug = label.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return slug.isEmpty() ? "field" : slug;
    }

    /** Collects the parts of a contact, then fixes its key and version. */
    private static final class Builder {
        private final String quoId;
        private final String externalId;
        private final String source;
        private final String sourceUrl;
        private final String createdAt;
        private final String updatedAt;
        private final String deepLink;
        private final boolean deleted;
        String firstName;
        String lastName;
        String company;
        String role;
        String location;
        final List<CanonicalContact.Email> emails = new ArrayList<>();
        final List<CanonicalContact.Phone> phones = new ArrayList<>();
        final Map<String, CanonicalContact.CustomField> custom = new LinkedHashMap<>();

        Builder(JsonNode node, String deepLink, boolean deleted) {
            this.quoId = Json.text(node, "id");
            String external = Json.text(node, "externalId");
            this.externalId = external == null || external.isBlank() ? null : external.trim();
            this.source = Json.text(node, "source");
            this.sourceUrl = Json.text(node, "sourceUrl");
            this.createdAt = Json.text(node, "createdAt");
            this.updatedAt = Json.text(node, "updatedAt");
            this.deepLink = deepLink;
            this.deleted = deleted;
        }

        CanonicalContact build() {
            if (quoId == null && externalId == null) {
                throw new NormalizationException("contact has neither an id nor an externalId");
            }
            String recordKey = externalId != null ? externalId : quoId;
            CanonicalContact draft = new CanonicalContact(quoId, externalId, recordKey, firstName, lastName, company,
                    role, location, List.copyOf(emails), List.copyOf(phones), Map.copyOf(custom), source, sourceUrl,
                    deepLink, createdAt, updatedAt, null, deleted);
            CanonicalContact.Version version = new CanonicalContact.Version(Timestamps.epochMillis(updatedAt),
                    ContactHashes.of(draft));
            Map<String, CanonicalContact.CustomField> ordered = new LinkedHashMap<>(custom);
            return new CanonicalContact(quoId, externalId, recordKey, firstName, lastName, company, role, location,
                    List.copyOf(emails), List.copyOf(phones), java.util.Collections.unmodifiableMap(ordered), source,
                    sourceUrl, deepLink, createdAt, updatedAt, version, deleted);
        }
    }
}
