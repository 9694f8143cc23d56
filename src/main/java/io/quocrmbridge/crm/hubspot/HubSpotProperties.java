package io.quocrmbridge.crm.hubspot;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quocrmbridge.crm.ActivityText;
import io.quocrmbridge.json.Json;

/**
 * HubSpot's property values are strings (its OpenAPI files type every property as {@code string}): numbers and
 * booleans are sent as their text, lists (multiple checkboxes) joined with ";", and empty values not at all, so an
 * empty Quo value never clears a HubSpot property. Long rich-text bodies are fitted into HubSpot's limit and sent as
 * simple HTML (escaped, line breaks as {@code <br>}).
 */
final class HubSpotProperties {

    /** HubSpot's limit for a text property's value, in characters. */
    static final int TEXT_MAX = 65_536;

    private HubSpotProperties() {
    }

    /** The mapped properties as HubSpot takes them: strings only, nulls and the listed properties left out. */
    static ObjectNode of(JsonNode mapped, String... leaveOut) {
        ObjectNode properties = Json.object();
        if (mapped == null || !mapped.isObject()) {
            return properties;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = mapped.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String value = text(field.getValue());
            if (value != null) {
                properties.put(field.getKey(), value);
            }
        }
        properties.remove(List.of(leaveOut));
        return properties;
    }

    static String text(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(part -> {
                String text = text(part);
                if (text != null && !text.isEmpty()) {
                    parts.add(text);
                }
            });
            return parts.isEmpty() ? null : String.join(";", parts);
        }
        if (value.isObject()) {
            return Json.write(value);
        }
        return value.asText();
    }

    /**
     * A plain text (with line breaks) as HubSpot's rich-text body, at most {@code max} characters of HTML: cut at a
     * clean boundary first, with a note and the Quo link, when it is longer.
     */
    static String richText(String plain, int max, String deepLink) {
        if (plain == null) {
            return null;
        }
        int budget = max;
        String html = html(ActivityText.fit(plain, budget, deepLink));
        while (html.length() > max && budget > 64) {
            budget -= html.length() - max + 16;
            html = html(ActivityText.fit(plain, Math.max(64, budget), deepLink));
        }
        return html;
    }

    static String html(String plain) {
        StringBuilder html = new StringBuilder(plain.length() + 64);
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            switch (c) {
                case '&' -> html.append("&amp;");
                case '<' -> html.append("&lt;");
                case '>' -> html.append("&gt;");
                case '"' -> html.append("&quot;");
                case '\r' -> {
                }
                case '\n' -> html.append("<br>");
                default -> html.append(c);
            }
        }
        return html.toString();
    }
}
