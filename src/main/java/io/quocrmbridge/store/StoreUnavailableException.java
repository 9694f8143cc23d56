package io.quocrmbridge.store;

/** The store could not be read or written; the webhook intake answers 503 so Quo retries later. */
public class StoreUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
