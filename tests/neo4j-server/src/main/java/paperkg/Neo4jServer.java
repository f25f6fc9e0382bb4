package paperkg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Comparator;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Neo4j Community in this JVM, Bolt on 127.0.0.1 only, user {@code neo4j} with the password in
 * the environment variable {@code NEO4J_PASSWORD} (8+ characters; not on the command line, where
 * {@code ps} would show it).
 *
 * <pre>java @jvm.args -cp target/classes:$(cat target/classpath.txt) paperkg.Neo4jServer [--home DIR] [--port N]</pre>
 *
 * ({@code jvm.args} holds the JVM options of Neo4j's own launcher that matter here.)
 *
 * Prints {@code NEO4J_URI=bolt://127.0.0.1:PORT} once Bolt accepts connections, then runs until
 * standard input closes or the process gets SIGTERM/SIGINT, and shuts the DBMS down cleanly.
 * Without {@code --home} the database lives in a temporary directory deleted on exit; with it, an
 * existing home (e.g. one filled by {@code neo4j-admin database import}) is opened and kept.
 * {@code --port 0} (the default) lets the kernel choose a free port.
 */
public final class Neo4jServer {
    public static void main(String[] args) throws Exception {
        String password = System.getenv().getOrDefault("NEO4J_PASSWORD", "");
        if (password.length() < 8 || args.length % 2 != 0) {
            System.err.println("usage: NEO4J_PASSWORD=8+chars Neo4jServer [--home DIR] [--port N]");
            System.exit(2);
        }
        Path home = null;
        int port = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[i + 1]);
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        boolean temporary = home == null;
        Path dir = temporary ? Files.createTempDirectory("paperkg-neo4j-") : home;

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(dir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.udc_enabled, false) // no usage report: loopback only
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(256))
                // the loopback server of a test run: close connections without the 2 s grace periods
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ZERO)
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ZERO)
                .build();
        Runnable stop = () -> {
            dbms.shutdown();
            if (temporary) {
                delete(dir);
            }
        };
        Thread hook = new Thread(stop, "neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        // Community has one user, neo4j; give it the password (no change required at first login).
        dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                Map.of("password", password));

        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        var bolt = db.getDependencyResolver().resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        System.out.println("NEO4J_URI=bolt://127.0.0.1:" + bolt.getPort());
        System.out.flush();

        InputStream in = System.in;
        while (in.read() != -1) {
            // run until standard input closes
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        stop.run();
        System.exit(0); // some of Neo4j's threads are not daemons and would keep the JVM alive
    }

    private static void delete(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e);
        }
    }
}
