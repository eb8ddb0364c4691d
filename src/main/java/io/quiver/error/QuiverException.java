package io.quiver.error;

/** A failure with a protocol-independent {@link ErrorCode}; the message is shown to the client as is. */
public class QuiverException extends RuntimeException {
    private final ErrorCode code;

    public QuiverException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    public static QuiverException badRequest(String message) {
        return new QuiverException(ErrorCode.BAD_REQUEST, message);
    }

    /** Redis's words for a command on a key of another type. */
    public static QuiverException wrongType() {
        return new QuiverException(ErrorCode.WRONG_TYPE, "Operation against a key holding the wrong kind of value");
    }

    public static QuiverException notFound(String message) {
        return new QuiverException(ErrorCode.NOT_FOUND, message);
    }

    public static QuiverException tooLarge(String message) {
        return new QuiverException(ErrorCode.TOO_LARGE, message);
    }

    /** Any throwable as a QuiverException: itself when it is one, else an INTERNAL error. */
    public static QuiverException of(Throwable t) {
        if (t instanceof QuiverException q) {
            return q;
        }
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return new QuiverException(ErrorCode.INTERNAL, msg);
    }
}
