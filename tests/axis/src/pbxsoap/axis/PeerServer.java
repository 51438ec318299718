package pbxsoap.axis;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import org.apache.axis.client.AdminClient;
import org.apache.axis.transport.http.SimpleAxisServer;

/**
 * Axis 1.4's own stand-alone HTTP server (SimpleAxisServer) on a free port
 * of 127.0.0.1, answering one request at a time (see main), started with
 * Axis's default server configuration (read from and saved to
 * server-config.wsdd in the working directory), then the
 * services of each WSDD file given as an argument deployed through Axis's
 * AdminClient, as an administrator deploys them. Prints "listening PORT"
 * once every service is deployed; ends when its standard input ends, so it
 * cannot outlive the test process that started it
 * (tests/src/process_guard.rs).
 *
 * Usage: java -Dpbxsoap.cases=DIR pbxsoap.axis.PeerServer file.wsdd...
 */
public final class PeerServer {
    public static void main(String[] args) throws Exception {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        SimpleAxisServer server = new SimpleAxisServer();
        server.setServerSocket(socket);
        // One request at a time, each in the accepting thread: Axis 1.4
        // sorts an operation's list of overloads in place at every request
        // (JavaServiceDesc.getOperationsByQName), which on Java 8 and later
        // throws ConcurrentModificationException when two requests for the
        // same operation overlap, answered as a Server.userException fault.
        // That is Axis's defect, not the client's under test, and it made
        // the tests that share this server fail at random.
        server.setDoThreads(false);
        Thread accepting = new Thread(server, "accept");
        accepting.setDaemon(true);
        accepting.start();
        int port = socket.getLocalPort();
        String admin = "http://127.0.0.1:" + port + "/axis/services/AdminService";
        for (String wsdd : args) {
            String answer = new AdminClient().process(new String[] {"-l", admin, wsdd});
            if (answer == null || !answer.contains("Done processing")) {
                System.err.println("deploying " + wsdd + " failed: " + answer);
                System.exit(2);
            }
        }
        System.out.println("listening " + port);
        System.out.flush();
        try {
            while (System.in.read() != -1) {
                // The lifeline carries no data; only its end matters.
            }
        } catch (IOException e) {
            // A broken lifeline ends the server as its end does.
        }
        System.exit(0);
    }
}
