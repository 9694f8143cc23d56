package io.quocrmbridge.canonical;

/** A stored event that can't be turned into a canonical event; it goes to dead letters with this message. */
public class NormalizationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public NormalizationException(String message) {
        super(message);
    }
}
