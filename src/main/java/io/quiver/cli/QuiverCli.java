package io.quiver.cli;

import io.quiver.resp.InlineSplitter;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code quiver cli}: Quiver's own line-protocol client, for machines without redis-tools.
 * With a command, runs it and prints the reply as redis-cli does; with none, an interactive prompt
 * with line editing and history (or, when stdin is not a terminal, one command per input line).
 */
public final class QuiverCli {
    static final String USAGE = """
            usage: quiver cli [--host H] [--port P] [--raw | --no-raw] [COMMAND ARG...]
              --host H    server host (default 127.0.0.1); also -h
              --port P    RESP port (default 6379); also -p
              -a PASSWORD the server's password, sent with AUTH on connecting; also --password,
                          or the QUIVER_PASSWORD environment variable
              --raw       print replies raw (the default when output is not a terminal)
              --no-raw    print replies in redis-cli's human form even when not on a terminal
            With no COMMAND, opens a prompt (history in ~/.quiver_cli_history).""";

    private String host = "127.0.0.1";
    private int port = 6379;
    private Boolean raw;
    private String password = System.getenv("QUIVER_PASSWORD");
    private final List<String> command = new ArrayList<>();
    private final PrintStream out;
    private final PrintStream err;

    QuiverCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the client; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        QuiverCli cli = new QuiverCli(out, err);
        String problem = cli.parse(args);
        if (problem != null) {
            err.println("quiver cli: " + problem);
            err.println(USAGE);
            return 2;
        }
        return cli.command.isEmpty() ? cli.interactive() : cli.once();
    }

    private String parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!command.isEmpty()) {
                command.add(a);
                continue;
            }
            switch (a) {
                case "--host", "-h" -> {
                    if (++i >= args.length) {
                        return a + " needs a value";
                    }
                    host = args[i];
                }
                case "--port", "-p" -> {
                    if (++i >= args.length) {
                        return a + " needs a value";
                    }
                    try {
                        port = Integer.parseInt(args[i]);
                    } catch (NumberFormatException e) {
                        return "port must be a number, not '" + args[i] + "'";
                    }
                }
                case "-a", "--password", "--pass" -> {
                    if (++i >= args.length) {
                        return a + " needs a value";
                    }
                    password = args[i];
                }
                case "--raw" -> raw = true;
                case "--no-raw" -> raw = false;
                case "--help" -> {
                    return "help";
                }
                default -> {
                    if (a.startsWith("-")) {
                        return "unknown flag " + a;
                    }
                    command.add(a);
                }
            }
        }
        return null;
    }

    private int once() {
        boolean human = raw == null ? isTerminal() : !raw;
        try (RespClient client = connect()) {
            List<byte[]> argv = command.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
            Object reply = client.call(argv);
            print(reply, human);
            return reply instanceof RespClient.Error ? 1 : 0;
        } catch (IOException e) {
            err.println("Could not connect to Quiver at " + host + ":" + port + ": " + e.getMessage());
            return 1;
        }
    }

    private int interactive() {
        if (!isTerminal()) {
            return fromStdin();
        }
        RespClient client = null;
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("quiver")
                    .variable(LineReader.HISTORY_FILE, Path.of(System.getProperty("user.home"), ".quiver_cli_history"))
                    .build();
            while (true) {
                if (client == null) {
                    try {
                        client = connect();
                    } catch (IOException e) {
                        terminal.writer().println("Could not connect to Quiver at " + host + ":" + port + ": " + e.getMessage());
                    }
                }
                String prompt = client == null ? "not connected> " : host + ":" + port + "> ";
                String line;
                try {
                    line = reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    return 0;
                }
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                byte[][] argv = InlineSplitter.split(bytes, 0, bytes.length);
                if (argv == null) {
                    terminal.writer().println("Invalid argument(s)");
                    continue;
                }
                if (argv.length == 0) {
                    continue;
                }
                String first = new String(argv[0], StandardCharsets.UTF_8);
                if (first.equalsIgnoreCase("exit") || first.equalsIgnoreCase("quit")) {
                    return 0;
                }
                if (client == null) {
                    continue;
                }
                try {
                    Object reply = client.call(Arrays.asList(argv));
                    terminal.writer().print(raw != null && raw ? ReplyFormatter.raw(reply) + "\n" : ReplyFormatter.human(reply));
                    terminal.writer().flush();
                } catch (IOException e) {
                    terminal.writer().println("Error: " + e.getMessage());
                    closeQuietly(client);
                    client = null;
                }
            }
        } catch (IOException e) {
            err.println("quiver cli: cannot open the terminal: " + e.getMessage());
            return 1;
        } finally {
            closeQuietly(client);
        }
    }

    /** Like {@code redis-cli < commands.txt}: each input line is one command. */
    private int fromStdin() {
        boolean human = raw != null && !raw;
        try (RespClient client = connect();
             BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            int status = 0;
            while ((line = in.readLine()) != null) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                byte[][] argv = InlineSplitter.split(bytes, 0, bytes.length);
                if (argv == null) {
                    err.println("Invalid argument(s)");
                    status = 1;
                    continue;
                }
                if (argv.length > 0) {
                    print(client.call(Arrays.asList(argv)), human);
                }
            }
            return status;
        } catch (IOException e) {
            err.println("Could not connect to Quiver at " + host + ":" + port + ": " + e.getMessage());
            return 1;
        }
    }

    private RespClient connect() throws IOException {
        RespClient client = new RespClient(host, port, 5000);
        if (password != null && !password.isEmpty()) {
            Object reply = client.call("AUTH", password);
            if (reply instanceof RespClient.Error e) {
                closeQuietly(client);
                throw new IOException("AUTH failed: " + e.text());
            }
        }
        return client;
    }

    private void print(Object reply, boolean human) {
        if (human) {
            out.print(ReplyFormatter.human(reply));
        } else {
            out.println(ReplyFormatter.raw(reply));
        }
        out.flush();
    }

    private static void closeQuietly(RespClient c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a connection that failed already
            }
        }
    }

    /**
     * Whether stdin and stdout are a terminal. JDK 22+ always has a Console;
     * {@code Console.isTerminal()} says whether it is a real one.
     */
    private static boolean isTerminal() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a Console exists only on a terminal
        }
    }
}
