package io.quocrmbridge.flow;

/**
 * The exchange variables that route files ({@code ${variable.<name>}}) and Java beans share, named once. A route
 * file that reads or sets one lists it in a comment where it is used; a bean reads it through these names.
 *
 * <table>
 *   <caption>Who sets and who reads each variable</caption>
 *   <tr><th>variable</th><th>set by</th><th>read by</th></tr>
 *   <tr><td>{@value #EVENT_ID}, {@value #EVENT_TYPE}, {@value #EVENT_SOURCE}, {@value #DUPLICATE}</td>
 *       <td>webhook intake</td><td>routes/webhook-intake.camel.yaml (the answer)</td></tr>
 *   <tr><td>{@value #INBOX_EVENT}</td><td>intake, dispatch's claim</td><td>dispatch, activities</td></tr>
 *   <tr><td>{@value #STORED_EVENTS}</td><td>contact poll, enrichment</td><td>their route files (dispatch of a page)</td></tr>
 *   <tr><td>{@value #SCAN_ID}, {@value #MORE_PAGES}, {@value #PAGE_TOKEN}, {@value #USERS_DONE}</td>
 *       <td>contact poll, workspace directory</td><td>their route files (paging loops)</td></tr>
 *   <tr><td>{@value #TARGET_WRITER}</td><td>a writer template instance</td><td>the shared writer route</td></tr>
 *   <tr><td>{@value #CRM_BATCH}</td><td>the writer's claim (routes/crm-writer.camel.yaml)</td>
 *       <td>every step of a target's writer</td></tr>
 *   <tr><td>{@value #CRM_ITEM}</td><td>the writer, around one record's mapping</td><td>mapping routes' beans,
 *       error handling</td></tr>
 *   <tr><td>{@value #CRM_SCOPE}</td><td>link routes, around a call for several records</td><td>error handling</td></tr>
 *   <tr><td>{@value #CRM_CALL}</td><td>the writer, around one CRM request</td><td>send routes, planners, error
 *       handling</td></tr>
 *   <tr><td>{@value #KNOWN_CRM_IDS}</td><td>a planner's prepare</td><td>the same planner's mapping input</td></tr>
 * </table>
 */
public final class ExchangeVariables {

    /** The Quo event id of a webhook (delivery id for duplicates). */
    public static final String EVENT_ID = "eventId";
    /** The Quo event type of a webhook. */
    public static final String EVENT_TYPE = "eventType";
    /** Which plane signed a webhook (legacy or beta). */
    public static final String EVENT_SOURCE = "eventSource";
    /** True when the delivery was already stored (answered 200). */
    public static final String DUPLICATE = "duplicate";
    /** The stored inbox event being dispatched. */
    public static final String INBOX_EVENT = "inboxEvent";
    /** Events a page of the contact poll or an enrichment fetch stored, to be dispatched. */
    public static final String STORED_EVENTS = "storedEvents";
    /** The contact poll's scan id. */
    public static final String SCAN_ID = "scanId";
    /** Whether the contact poll has more pages. */
    public static final String MORE_PAGES = "morePages";
    /** The next page token of a Quo list call. */
    public static final String PAGE_TOKEN = "pageToken";
    /** Whether the workspace directory has read its last page of users. */
    public static final String USERS_DONE = "usersDone";

    /** The target writer whose run this is ({@code io.quocrmbridge.crm.TargetWriter}). */
    public static final String TARGET_WRITER = "crmTargetWriter";
    /** The whole batch a target's writer took. */
    public static final String CRM_BATCH = "crmBatch";
    /** The one record being mapped or written. */
    public static final String CRM_ITEM = "crmItem";
    /** The records of a CRM call being made for several records (e.g. a lookup's batch). */
    public static final String CRM_SCOPE = "crmScope";
    /** The CRM request being made ({@code io.quocrmbridge.crm.CrmCall}). */
    public static final String CRM_CALL = "crmCall";
    /** Record key to the CRM id the bridge holds, for the batch being written. */
    public static final String KNOWN_CRM_IDS = "knownCrmIds";

    private ExchangeVariables() {
    }
}
