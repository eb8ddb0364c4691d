package io.quiver.resp;

import io.quiver.error.QuiverException;

/** The one place where failures become RESP error replies. */
final class RespErrors {
    private RespErrors() {
    }

    static RespReply of(Throwable t) {
        QuiverException q = QuiverException.of(t);
        String prefix = switch (q.code()) {
            case UNAUTHORIZED -> "NOAUTH";
            case BUSY -> "BUSY";
            case OUT_OF_MEMORY -> "OOM";
            case TIMEOUT -> "TIMEOUT";
            case CLUSTER_DOWN -> "CLUSTERDOWN";
            case CROSS_SLOT -> "CROSSSLOT";
            case SLOT_MOVED, TRY_AGAIN -> "TRYAGAIN";
            case WRONG_TYPE -> "WRONGTYPE";
            default -> "ERR";
        };
        return RespReply.error(prefix + " " + q.getMessage());
    }

    /** Redis's words for a command sent before AUTH, and for a failed AUTH. */
    static final RespReply NOAUTH = RespReply.error("NOAUTH Authentication required.");
    static final RespReply WRONGPASS = RespReply.error("WRONGPASS invalid username-password pair or user is disabled.");

    static String wrongArity(String command) {
        return "ERR wrong number of arguments for '" + command + "' command";
    }

    /**
     * Redis's wording: {@code ERR unknown command 'foo', with args beginning with: 'a' 'b' }. Nothing
     * from an {@code AUTH} argument on is repeated: a client that sends credentials inside a command
     * this server does not know must not find them in its error log.
     */
    static String unknownCommand(byte[][] argv) {
        StringBuilder sb = new StringBuilder("ERR unknown command '")
                .append(shown(argv[0], 128)).append("', with args beginning with: ");
        for (int i = 1; i < argv.length && sb.length() < 128; i++) {
            if (isAuthWord(argv[i])) {
                sb.append("(the rest is not shown: it holds credentials) ");
                break;
            }
            sb.append('\'').append(shown(argv[i], 128 - sb.length())).append("' ");
        }
        return sb.toString();
    }

    static String unknownSubcommand(String command, byte[] sub) {
        return "ERR unknown subcommand '" + shown(sub, 128) + "'. Try " + command.toUpperCase() + " HELP.";
    }

    private static boolean isAuthWord(byte[] a) {
        return a.length == 4 && (a[0] | 0x20) == 'a' && (a[1] | 0x20) == 'u' && (a[2] | 0x20) == 't' && (a[3] | 0x20) == 'h';
    }

    private static String shown(byte[] b, int max) {
        String s = new String(b, 0, Math.max(0, Math.min(b.length, max)), java.nio.charset.StandardCharsets.UTF_8);
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
