package dev.cutover.spring.boot.console;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code cutover.console.*}: the ops console mounted in the application, behind the application's Spring Security.
 * Mutable (Spring binds it); read once at startup.
 */
@ConfigurationProperties(prefix = "cutover.console")
public class CutoverConsoleProperties {
    /** Whether the application serves the ops console (module cutover-console on the class path). */
    private boolean enabled;

    /** Where it is served: the console's pages are under this path. */
    private String path = "/cutover/console";

    /** The role (Spring authority ROLE_...) that may see the console. */
    private String readRole = "CUTOVER_READ";

    /** The role that may also change routes (flip, roll out, clear, roll back). */
    private String changeRole = "CUTOVER_CHANGE";

    /** Where the console's logout button posts: the application's logout (Spring Security's default /logout). */
    private String logoutPath = "/logout";

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getReadRole() {
        return readRole;
    }

    public void setReadRole(String readRole) {
        this.readRole = readRole;
    }

    public String getChangeRole() {
        return changeRole;
    }

    public void setChangeRole(String changeRole) {
        this.changeRole = changeRole;
    }

    public String getLogoutPath() {
        return logoutPath;
    }

    public void setLogoutPath(String logoutPath) {
        this.logoutPath = logoutPath;
    }
}
