import java.lang.reflect.Field;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts DynamoDB Local (3.1.0) bound to one host instead of every interface: DynamoDB Local has no
 * bind-address flag, so this takes the Jetty server it builds and sets the host of its connectors
 * before starting it. Same arguments as ServerRunner (-inMemory -sharedDb -port N ...).
 *
 * Host: -Ddynamodb.host=... (default 127.0.0.1). Exits with status 1 if the server does not start
 * (e.g. the port is taken: DynamoDBProxyServer.start() only prints that and returns).
 * Telemetry is never set up here (that happens only in ServerRunner.main), so none is sent.
 *
 * Build: javac -cp '<lib>/*' -d <classes> LoopbackDynamoDb.java
 * Run:   java -Dorg.sqlite.lib.path=<lib> -Dorg.sqlite.lib.name=libsqlite4java-linux-amd64-1.0.392.so \
 *          -cp '<classes>:<lib>/*' LoopbackDynamoDb -inMemory -sharedDb -port 8000 -disableTelemetry
 */
public final class LoopbackDynamoDb {
    private LoopbackDynamoDb() {}

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            if (a.equals("-help") || a.equals("-h")) {
                ServerRunner.main(args);
                return;
            }
        }
        String host = System.getProperty("dynamodb.host", "127.0.0.1");

        DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
        Field f = DynamoDBProxyServer.class.getDeclaredField("server");
        f.setAccessible(true);
        Server server = (Server) f.get(proxy);

        int bound = 0;
        for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector sc) {
                sc.setHost(host);
                bound++;
            }
        }
        if (bound == 0) {
            System.err.println("LoopbackDynamoDb: no ServerConnector found; refusing to listen on all interfaces");
            System.exit(1);
        }

        proxy.start();
        if (!server.isStarted()) {
            System.err.println("LoopbackDynamoDb: server did not start");
            System.exit(1);
        }
        for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector sc) {
                System.out.println("DynamoDB Local listening on " + sc.getHost() + ":" + sc.getLocalPort());
            }
        }
        proxy.join();
    }
}
