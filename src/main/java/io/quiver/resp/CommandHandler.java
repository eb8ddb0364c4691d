package io.quiver.resp;

/** Carries out one command; replies through the {@link Call} now or later, exactly once. */
@FunctionalInterface
public interface CommandHandler {
    void handle(Call call);
}
