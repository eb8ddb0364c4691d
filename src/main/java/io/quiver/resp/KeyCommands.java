package io.quiver.resp;

/** DEL/UNLINK, EXISTS, DBSIZE, FLUSHALL/FLUSHDB. */
final class KeyCommands {
    private KeyCommands() {
    }

    static void del(Call call) {
        call.replyWith(call.services().kv().delete(call.args(1, 1)), RespReply::integer);
    }

    static void exists(Call call) {
        call.replyWith(call.services().kv().exists(call.args(1, 1)), RespReply::integer);
    }

    static void dbsize(Call call) {
        call.replyWith(call.services().kv().keyCount(), RespReply::integer);
    }

    /** FLUSHALL [ASYNC|SYNC]: both modes clear every shard (keys and vector sets) before replying. */
    static void flushall(Call call) {
        if (call.argc() > 2 || (call.argc() == 2 && !call.argIs(1, "async") && !call.argIs(1, "sync"))) {
            call.reply(RespReply.SYNTAX_ERROR);
            return;
        }
        call.replyWith(call.services().admin().flushAll(), v -> RespReply.OK);
    }
}
