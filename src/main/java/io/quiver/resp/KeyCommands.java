package io.quiver.resp;

/** DEL/UNLINK, EXISTS, DBSIZE, FLUSHALL/FLUSHDB. */
final class KeyCommands {
    private KeyCommands() {
    }

    static void del(Call call) {
        call.replyWith(call.router().delete(call.args(1, 1)), RespReply::integer);
    }

    static void exists(Call call) {
        call.replyWith(call.router().exists(call.args(1, 1)), RespReply::integer);
    }

    static void dbsize(Call call) {
        call.replyWith(call.router().keyCount(), RespReply::integer);
    }

    /** FLUSHALL [ASYNC|SYNC]: both modes clear every shard (keys and vector sets) before replying. */
    static void flushall(Call call) {
        if (call.argc() > 2 || (call.argc() == 2 && !call.argIs(1, "async") && !call.argIs(1, "sync"))) {
            call.reply(RespReply.SYNTAX_ERROR);
            return;
        }
        call.replyWith(call.router().flushAll().compose(v -> call.frontEnd().vectors().dropAll()), v -> RespReply.OK);
    }
}
