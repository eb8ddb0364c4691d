package io.quiver.resp;

import java.util.Set;

/**
 * One row of the {@link CommandTable}.
 *
 * @param name     lower-case command name
 * @param arity    argument count including the name; negative means "at least -arity"
 * @param flags    what the command is (write, read-only, ...)
 * @param firstKey position of the first key argument (0: no keys)
 * @param lastKey  position of the last key argument (-1: the last argument)
 * @param keyStep  distance between key arguments
 * @param handler  the code that carries it out
 */
public record CommandSpec(String name, int arity, Set<CommandFlag> flags, int firstKey, int lastKey, int keyStep,
                          CommandHandler handler) {

    public boolean arityAccepts(int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    public boolean has(CommandFlag flag) {
        return flags.contains(flag);
    }
}
