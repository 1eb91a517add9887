package dev.wasmhsm.it;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import javax.management.JMException;
import javax.management.MBeanInfo;
import javax.management.MBeanServerConnection;
import javax.management.NotificationListener;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.rmi.ssl.SslRMIClientSocketFactory;

/**
 * The plugin registry's MBeans reached the way JConsole reaches them: remote JMX through WildFly's management port,
 * or Payara's JMX connector (on TLS, secure admin being on) ({@code hsm.jmx.url}, set per server by the build), as
 * the management user the build made ({@code hsm.admin.user}, {@code hsm.admin.password}).
 */
final class ServerJmx implements AutoCloseable {
    static final String URL = System.getProperty("hsm.jmx.url", "service:jmx:remote+http://127.0.0.1:9990");
    static final String ADMIN = System.getProperty("hsm.admin.user", "hsmadmin");
    static final String OFFICER = "hsmofficer";

    private final JMXConnector connector;
    private final MBeanServerConnection server;
    private final ObjectName registry;

    ServerJmx() throws IOException, JMException {
        this(ADMIN, System.getProperty("hsm.admin.password"));
    }

    /**
     * Connects as a management user, or with no credentials.
     *
     * @param user the user, or null for none.
     * @param password the password.
     * @throws IOException when the connection or its authentication fails.
     * @throws JMException when a name is malformed.
     */
    ServerJmx(String user, String password) throws IOException, JMException {
        var environment = new HashMap<String, Object>();
        if (user != null) {
            environment.put(JMXConnector.CREDENTIALS, new String[] {user, password});
        }
        if (URL.startsWith("service:jmx:rmi:")) {
            environment.put("com.sun.jndi.rmi.factory.socket", new SslRMIClientSocketFactory());
        }
        connector = JMXConnectorFactory.connect(new JMXServiceURL(URL), environment);
        server = connector.getMBeanServerConnection();
        registry = new ObjectName("dev.wasmhsm:type=PluginRegistry");
    }

    String reload() throws IOException, JMException {
        return (String) server.invoke(registry, "reload", new Object[0], new String[0]);
    }

    String reload(String command) throws IOException, JMException {
        return (String) server.invoke(registry, "reload", new Object[] {command}, new String[] {"java.lang.String"});
    }

    String unload(String command) throws IOException, JMException {
        return (String) server.invoke(registry, "unload", new Object[] {command}, new String[] {"java.lang.String"});
    }

    Object pluginAttribute(String command, String name) throws IOException, JMException {
        return server.getAttribute(new ObjectName("dev.wasmhsm:type=Plugin,command=" + command), name);
    }

    boolean pluginRegistered(String command) throws IOException, JMException {
        return server.isRegistered(new ObjectName("dev.wasmhsm:type=Plugin,command=" + command));
    }

    Object attribute(String name) throws IOException, JMException {
        return server.getAttribute(registry, name);
    }

    List<String> loadedCommands() throws IOException, JMException {
        return List.of((String[]) attribute("LoadedCommands"));
    }

    /** Enters an authorised activity (through the AuthorisedState MBean, as an officer does from JConsole). */
    String authorise(String activity, String duration) throws IOException, JMException {
        return (String) server.invoke(new ObjectName("dev.wasmhsm:type=AuthorisedState"), "authorise",
                new Object[] {activity, duration}, new String[] {"java.lang.String", "java.lang.String"});
    }

    /** Leaves an authorised activity, or all of them. */
    String cancel(String activity) throws IOException, JMException {
        return (String) server.invoke(new ObjectName("dev.wasmhsm:type=AuthorisedState"), "cancel",
                new Object[] {activity}, new String[] {"java.lang.String"});
    }

    /** Reads an attribute of the listener MBean of a port. */
    Object listenerAttribute(int port, String name) throws IOException, JMException {
        return server.getAttribute(new ObjectName("dev.wasmhsm:type=Listener,port=" + port), name);
    }

    /** Reads an attribute of the AuthorisedState MBean. */
    Object authorisedAttribute(String name) throws IOException, JMException {
        return server.getAttribute(new ObjectName("dev.wasmhsm:type=AuthorisedState"), name);
    }

    /** @return what JConsole shows of the registry bean: its operations, their descriptions and parameters. */
    MBeanInfo registryInfo() throws IOException, JMException {
        return server.getMBeanInfo(registry);
    }

    /** Listens to the registry bean's notifications. */
    void listenToRegistry(NotificationListener listener) throws IOException, JMException {
        server.addNotificationListener(registry, listener, null, null);
    }

    /** @return a connection as the second officer, for dual control. */
    static ServerJmx officer() throws IOException, JMException {
        return new ServerJmx(OFFICER, System.getProperty("hsm.officer.password"));
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
