package io.quocrmbridge.quo;

/**
 * A webhook the intake refuses: carries the HTTP status and a short machine-readable reason for the JSON answer.
 * Nothing is stored for a refused delivery, so Quo's retry (after the sender fixes the cause) is not a duplicate.
 */
public class WebhookRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reason;

    public WebhookRejectedException(int status, String reason, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
    }

    public int getStatus() {
        return status;
    }

    public String getReason() {
        return reason;
    }
}
