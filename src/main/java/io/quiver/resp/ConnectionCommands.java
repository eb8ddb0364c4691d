package io.quiver.resp;

import io.quiver.security.Secret;

/** AUTH, HELLO, PING, ECHO, QUIT, SELECT, CLIENT: commands about the connection itself. */
final class ConnectionCommands {
    private ConnectionCommands() {
    }

    /**
     * AUTH password, or AUTH default password: Redis's requirepass semantics. Quiver has one user,
     * Redis's {@code default}. A failed AUTH leaves the connection as it was (Redis 6 and later).
     */
    static void auth(Call call) {
        if (call.argc() > 3) {
            call.reply(RespReply.SYNTAX_ERROR);
            return;
        }
        Secret password = call.frontEnd().state().password;
        boolean defaultUser = call.argc() == 2 || call.argIs(1, "default");
        if (!password.isSet()) {
            if (call.argc() == 2) {
                call.error("ERR AUTH <password> called without any password configured for the default user. "
                        + "Are you sure your configuration is correct?");
            } else {
                // the default user without a password accepts any password, as in Redis
                call.reply(defaultUser ? RespReply.OK : RespErrors.WRONGPASS);
            }
            return;
        }
        if (checkCredentials(call, defaultUser, call.arg(call.argc() - 1))) {
            call.reply(RespReply.OK);
        } else {
            call.reply(RespErrors.WRONGPASS);
        }
    }

    /** Authenticates the connection when the pair is right; a wrong pair changes nothing. */
    private static boolean checkCredentials(Call call, boolean defaultUser, byte[] pass) {
        Secret password = call.frontEnd().state().password;
        boolean ok = (!password.isSet() || password.matches(pass)) & defaultUser;
        if (ok) {
            call.connection().authenticate();
        }
        return ok;
    }

    /**
     * HELLO [protover [AUTH username password] [SETNAME name]]: chooses RESP2 or RESP3 for the
     * connection, optionally authenticating and naming it in the same step, and answers with the
     * server's description (a map in RESP3). Nothing changes unless every part is valid.
     */
    static void hello(Call call) {
        RespConnection c = call.connection();
        int protocol = c.protocol;
        byte[] user = null, pass = null;
        String name = null;
        if (call.argc() >= 2) {
            long v = RespDecoder.parseLong(call.arg(1), 0, call.arg(1).length);
            if (v == Long.MIN_VALUE) {
                call.error("ERR Protocol version is not an integer or out of range");
                return;
            }
            if (v < 2 || v > 3) {
                call.error("NOPROTO unsupported protocol version");
                return;
            }
            protocol = (int) v;
        }
        for (int i = 2; i < call.argc(); i++) {
            boolean more = call.argc() - i - 1 > 0;
            if (call.argIs(i, "auth") && call.argc() - i - 1 >= 2) {
                user = call.arg(i + 1);
                pass = call.arg(i + 2);
                i += 2;
            } else if (call.argIs(i, "setname") && more) {
                name = call.argString(i + 1);
                if (!validName(name)) {
                    call.error(INVALID_NAME);
                    return;
                }
                i += 1;
            } else {
                // the option's own word only: what follows AUTH may be a password
                call.error("ERR Syntax error in HELLO option '" + (call.argIs(i, "auth") ? "AUTH" : call.argString(i)) + "'");
                return;
            }
        }
        if (user != null) {
            boolean defaultUser = new String(user, java.nio.charset.StandardCharsets.UTF_8).equals("default");
            if (!checkCredentials(call, defaultUser, pass)) {
                call.reply(RespErrors.WRONGPASS);
                return;
            }
        }
        if (!c.authenticated()) {
            call.error("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
                    + "HELLO <proto> AUTH <user> <pass> option can be used to authenticate the client and select "
                    + "the RESP protocol version at the same time");
            return;
        }
        if (name != null) {
            c.name = name;
        }
        c.protocol = protocol;
        call.reply(RespReply.map(java.util.List.of(
                RespReply.bulk("server"), RespReply.bulk("redis"),
                RespReply.bulk("version"), RespReply.bulk(ServerCommands.REDIS_COMPATIBLE_VERSION),
                RespReply.bulk("proto"), RespReply.integer(protocol),
                RespReply.bulk("id"), RespReply.integer(c.id()),
                RespReply.bulk("mode"), RespReply.bulk("standalone"),
                RespReply.bulk("role"), RespReply.bulk("master"),
                RespReply.bulk("modules"), RespReply.EMPTY_ARRAY)));
    }

    private static final String INVALID_NAME = "ERR Client names cannot contain spaces, newlines or special characters.";

    private static boolean validName(String name) {
        return name.chars().allMatch(ch -> ch > 32 && ch < 127);
    }

    static void ping(Call call) {
        if (call.argc() > 2) {
            call.error(RespErrors.wrongArity("ping"));
        } else if (call.connection().protocol == 2 && PubSubCommands.subscribed(call.connection())) {
            // RESP2's subscribed mode answers PING as a message: [pong, argument or empty], as Redis does
            call.reply(RespReply.array(java.util.List.of(RespReply.bulk("pong"),
                    RespReply.bulk(call.argc() == 2 ? call.arg(1) : new byte[0]))));
        } else {
            call.reply(call.argc() == 2 ? RespReply.bulk(call.arg(1)) : RespReply.PONG);
        }
    }

    static void echo(Call call) {
        call.reply(RespReply.bulk(call.arg(1)));
    }

    static void quit(Call call) {
        call.replyAndClose(RespReply.OK);
    }

    /** SELECT db: the connection's later commands work in database {@code db} (0..databases-1). */
    static void select(Call call) {
        long db;
        try {
            db = call.argLong(1);
        } catch (RuntimeException e) {
            call.reply(RespReply.NOT_AN_INTEGER);
            return;
        }
        call.services().kv().checkDb(db);
        call.connection().db = (int) db;
        call.reply(RespReply.OK);
    }

    static void client(Call call) {
        RespConnection c = call.connection();
        if (call.argIs(1, "setname") && call.argc() == 3) {
            String name = call.argString(2);
            if (!validName(name)) {
                call.error(INVALID_NAME);
                return;
            }
            c.name = name;
            call.reply(RespReply.OK);
        } else if (call.argIs(1, "getname") && call.argc() == 2) {
            call.reply(c.name.isEmpty() ? RespReply.NULL_BULK : RespReply.bulk(c.name));
        } else if (call.argIs(1, "setinfo") && call.argc() == 4) {
            if (call.argIs(2, "lib-name")) {
                c.libName = call.argString(3);
            } else if (call.argIs(2, "lib-ver")) {
                c.libVersion = call.argString(3);
            } else {
                call.error("ERR Unrecognized option '" + call.argString(2) + "'");
                return;
            }
            call.reply(RespReply.OK);
        } else if (call.argIs(1, "id") && call.argc() == 2) {
            call.reply(RespReply.integer(c.id()));
        } else if (call.argIs(1, "info") && call.argc() == 2) {
            call.reply(RespReply.verbatim(describe(c) + "\n"));
        } else if (call.argIs(1, "list") && call.argc() == 2) {
            call.reply(RespReply.verbatim(describe(c) + "\n"));
        } else if (call.argIs(1, "reply") && call.argc() == 3) {
            reply(call, c);
        } else if ((call.argIs(1, "no-evict") || call.argIs(1, "no-touch")) && call.argc() == 3) {
            call.reply(RespReply.OK);
        } else if (call.argIs(1, "help")) {
            call.reply(RespReply.bulkStrings(java.util.List.of(
                    "CLIENT <subcommand> [<arg> ...]. Subcommands are:",
                    "SETNAME <name>", "GETNAME", "SETINFO <LIB-NAME|LIB-VER> <value>", "ID", "INFO", "LIST",
                    "REPLY <ON|OFF|SKIP>", "NO-EVICT <ON|OFF>", "NO-TOUCH <ON|OFF>", "HELP")));
        } else if (isKnownClientSubcommand(call)) {
            call.error("ERR wrong number of arguments for 'client|" + call.argString(1).toLowerCase() + "' command");
        } else {
            call.error(RespErrors.unknownSubcommand("client", call.arg(1)));
        }
    }

    /**
     * CLIENT REPLY ON|OFF|SKIP, as Redis: OFF writes no reply (this one included) until ON, SKIP
     * writes none to itself and the next command, ON answers OK. Pub/sub acknowledgements and
     * messages are written whatever the setting (Redis 7.2 pushes them past it).
     */
    private static void reply(Call call, RespConnection c) {
        if (call.argIs(2, "on")) {
            c.repliesOff = false;
            c.skipNextReply = false;
            call.silence(false);
        } else if (call.argIs(2, "off")) {
            c.repliesOff = true;
            call.silence(true);
        } else if (call.argIs(2, "skip")) {
            if (!c.repliesOff) {
                c.skipNextReply = true;
            }
            call.silence(true);
        } else {
            call.reply(RespReply.SYNTAX_ERROR);
            return;
        }
        call.reply(RespReply.OK);
    }

    /** RESET: the connection as a new one (see {@link RespConnection#reset}); answers +RESET. */
    static void reset(Call call) {
        call.connection().reset();
        call.silence(false); // replies are on again, RESET's own included (as Redis answers it)
        call.reply(RESET);
    }

    private static final RespReply RESET = RespReply.raw("+RESET\r\n");

    private static boolean isKnownClientSubcommand(Call call) {
        for (String s : new String[]{"setname", "getname", "setinfo", "id", "info", "list", "reply", "no-evict", "no-touch"}) {
            if (call.argIs(1, s)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(RespConnection c) {
        return "id=" + c.id() + " addr=" + c.socket().remoteAddress() + " laddr=" + c.socket().localAddress()
                + " name=" + c.name + " db=" + c.db + " lib-name=" + c.libName + " lib-ver=" + c.libVersion;
    }
}
