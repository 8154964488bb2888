package dev.cutover.cdc.debezium.internal;

import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/** Whether a Debezium connector reads its log, from its streaming metrics (JMX, {@code Connected}). */
final class Streaming {
    private Streaming() {
    }

    /** The connector whose {@code topic.prefix} is {@code feed}: connected to the log, reading it. */
    static boolean connected(String feed) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            Set<ObjectName> names = server.queryNames(new ObjectName("debezium.*:type=connector-metrics,context=streaming,server="
                    + ObjectName.quote(feed) + ",*"), null);
            names.addAll(server.queryNames(new ObjectName("debezium.*:type=connector-metrics,context=streaming,server="
                    + feed + ",*"), null));
            for (ObjectName name : names) {
                if (Boolean.TRUE.equals(server.getAttribute(name, "Connected"))) {
                    return true;
                }
            }
            return false;
        } catch (JMException e) {
            return false; // not registered yet, or gone
        }
    }
}
