package io.quocrmbridge.canonical;

import io.quocrmbridge.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Content hashes for record versions: a SHA-256 over what a CRM mapping can use, in a fixed order: names, e-mail
 * addresses, numbers and which are mobile, custom fields as CRM-ready values. Labels are left out (only the REST shape
 * has them) and custom values are hashed in their CRM-ready form, so a contact hashes the same from a beta webhook
 * and from the REST API as long as those carry the same values. (The beta shape has no labels, so a number
 * labelled "mobile" only in REST still differs; versions with the same updatedAt count as the same version anyway.)
 */
public final class ContactHashes {

    private ContactHashes() {
    }

    /** Hash of what a CRM would receive for this contact (names, addresses, numbers, custom fields, deletion). */
    public static String of(CanonicalContact c) {
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("quoId", c.quoId());
        content.put("externalId", c.externalId());
        content.put("firstName", c.firstName());
        content.put("lastName", c.lastName());
        content.put("company", c.company());
        content.put("role", c.role());
        content.put("location", c.location());
        List<String> emails = new ArrayList<>();
        c.emails().forEach(e -> emails.add(e.value()));
        content.put("emails", emails);
        List<String> phones = new ArrayList<>();
        c.phones().forEach(p -> phones.add(p.value() + (p.mobile() ? ";mobile" : "")));
        content.put("phones", phones);
        Map<String, String> custom = new TreeMap<>();
        c.custom().forEach((key, field) -> custom.put(key, field.type() + "=" + field.text()));
        content.put("custom", custom);
        content.put("deleted", c.deleted());
        return sha256(Json.write(content));
    }

    /** A short SHA-256 hex digest of a text. */
    public static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
