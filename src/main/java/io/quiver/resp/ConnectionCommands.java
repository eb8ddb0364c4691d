package io.quiver.resp;

import io.quiver.security.Secret;

/** AUTH, PING, ECHO, QUIT, SELECT, CLIENT: commands about the connection itself. */
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
        boolean ok = password.matches(call.arg(call.argc() - 1)) & defaultUser;
        if (ok) {
            call.connection().authenticated = true;
            call.reply(RespReply.OK);
        } else {
            call.reply(RespErrors.WRONGPASS);
        }
    }

    static void ping(Call call) {
        if (call.argc() > 2) {
            call.error(RespErrors.wrongArity("ping"));
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

    /** Quiver has one database, 0 (as Redis Cluster); selecting it is accepted so clients that do work. */
    static void select(Call call) {
        long db;
        try {
            db = call.argLong(1);
        } catch (RuntimeException e) {
            call.reply(RespReply.NOT_AN_INTEGER);
            return;
        }
        call.reply(db == 0 ? RespReply.OK : RespReply.error("ERR DB index is out of range"));
    }

    static void client(Call call) {
        RespConnection c = call.connection();
        if (call.argIs(1, "setname") && call.argc() == 3) {
            String name = call.argString(2);
            if (!name.chars().allMatch(ch -> ch > 32 && ch < 127)) {
                call.error("ERR Client names cannot contain spaces, newlines or special characters.");
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
            call.reply(RespReply.bulk(describe(c) + "\n"));
        } else if (call.argIs(1, "list") && call.argc() == 2) {
            call.reply(RespReply.bulk(describe(c) + "\n"));
        } else if ((call.argIs(1, "no-evict") || call.argIs(1, "no-touch")) && call.argc() == 3) {
            call.reply(RespReply.OK);
        } else if (call.argIs(1, "help")) {
            call.reply(RespReply.bulkStrings(java.util.List.of(
                    "CLIENT <subcommand> [<arg> ...]. Subcommands are:",
                    "SETNAME <name>", "GETNAME", "SETINFO <LIB-NAME|LIB-VER> <value>", "ID", "INFO", "LIST",
                    "NO-EVICT <ON|OFF>", "NO-TOUCH <ON|OFF>", "HELP")));
        } else if (isKnownClientSubcommand(call)) {
            call.error("ERR wrong number of arguments for 'client|" + call.argString(1).toLowerCase() + "' command");
        } else {
            call.error(RespErrors.unknownSubcommand("client", call.arg(1)));
        }
    }

    private static boolean isKnownClientSubcommand(Call call) {
        for (String s : new String[]{"setname", "getname", "setinfo", "id", "info", "list", "no-evict", "no-touch"}) {
            if (call.argIs(1, s)) {
                return true;
            }
        }
        return false;
    }

    private static String describe(RespConnection c) {
        return "id=" + c.id() + " addr=" + c.socket().remoteAddress() + " laddr=" + c.socket().localAddress()
                + " name=" + c.name + " db=0 lib-name=" + c.libName + " lib-ver=" + c.libVersion;
    }
}
