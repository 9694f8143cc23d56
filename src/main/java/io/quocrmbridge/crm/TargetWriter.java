package io.quocrmbridge.crm;

import io.quocrmbridge.flow.ExchangeVariables;
import org.apache.camel.Exchange;

/**
 * One target's writer for one record kind, as a {@code crm-writer} template instance configures it (a local bean of
 * the template, so every target and kind has its own): the parts that differ between targets. The protocol they
 * plug into (claim, map, send, read, settle) is the one route {@code crm-write} in routes/crm-writer.camel.yaml.
 *
 * <p>Each part is checked when the template is instantiated, so a target that forgets one fails at start: the
 * planner must be a {@link CrmPlanner} bean, the endpoints {@code direct:} routes that exist (checked once the
 * routes are started, see {@link CrmWriter#checkWriters}).
 */
public final class TargetWriter {

    private String target;
    private String kind;
    private CrmPlanner planner;
    private String mapping;
    private String send;
    private String link;
    private int batchSize;
    private long intervalMillis;
    private boolean dryRun;
    private long nextSendAt;

    /** Called once the template instance's properties are set: registers with the shared writer for start checks. */
    public void setCrmWriter(CrmWriter writer) {
        writer.register(this);
    }

    /** Marks the exchange as this writer's run: the shared route reads every part from here. */
    public void enter(Exchange exchange) {
        exchange.setVariable(ExchangeVariables.TARGET_WRITER, this);
    }

    /**
     * How long to wait before the next request so that two are at least {@code intervalMillis} apart (0: no
     * spacing of its own; a send route may throttle too, as HubSpot's does).
     */
    public synchronized long pause() {
        if (intervalMillis <= 0) {
            return 0;
        }
        long now = System.currentTimeMillis();
        long at = Math.max(now, nextSendAt);
        nextSendAt = at + intervalMillis;
        return at - now;
    }

    /** Whether requests are sent (false in dry-run mode: they are written to dry-run.jsonl instead). */
    public boolean isLive() {
        return !dryRun;
    }

    public String getTarget() {
        return target;
    }

    public void setTarget(String target) {
        this.target = target;
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        if (!"contact".equals(kind) && !"activity".equals(kind)) {
            throw new IllegalArgumentException("crm-writer kind must be contact or activity, not '" + kind + "'");
        }
        this.kind = kind;
    }

    public CrmPlanner getPlanner() {
        return planner;
    }

    public void setPlanner(CrmPlanner planner) {
        this.planner = planner;
    }

    public String getMapping() {
        return mapping;
    }

    public void setMapping(String mapping) {
        this.mapping = mapping;
    }

    public String getSend() {
        return send;
    }

    public void setSend(String send) {
        this.send = send;
    }

    public String getLink() {
        return link;
    }

    public void setLink(String link) {
        this.link = link;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("crm-writer batchSize must be at least 1");
        }
        this.batchSize = batchSize;
    }

    public void setIntervalMillis(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    @Override
    public String toString() {
        return target + "-" + kind + "-writer";
    }
}
