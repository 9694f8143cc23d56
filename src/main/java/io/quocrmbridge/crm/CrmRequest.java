package io.quocrmbridge.crm;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One HTTP request a target makes (or, for dry-run, would make).
 *
 * @param method     HTTP method
 * @param path       path on the CRM's API host
 * @param body       JSON body, or null
 * @param recordKeys the records the request writes
 * @param eventIds   the Quo events those records came from
 */
public record CrmRequest(String method, String path, JsonNode body, List<String> recordKeys, List<String> eventIds) {
}
