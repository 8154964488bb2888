package dev.cutover.flags;

/**
 * Who made a change, as recorded beside the actor the change declared ({@link AuditEntry#actor()}, which is whatever
 * the caller passed). The database fills the first three itself, in a trigger on insert, whatever the writer sends;
 * the process that made the change declares the others. Every field is {@code null} in rows written before Cutover
 * recorded identities, and {@code clientAddress} is {@code null} over a Unix socket.
 *
 * @param databaseUser  the database role the row was written as ({@code current_user})
 * @param sessionUser   the role that logged in ({@code session_user}; differs from {@code databaseUser} after
 *                      {@code SET ROLE})
 * @param clientAddress the client's address as the server saw it ({@code inet_client_addr()})
 * @param osUser        the operating-system user of the process that made the change
 * @param host          the host name of that process
 * @param tool          {@code cli}, {@code console}, {@code api} or {@code actuator} ({@link ChangeTool#id()})
 */
public record AuditIdentity(String databaseUser, String sessionUser, String clientAddress, String osUser, String host,
        String tool) {

    /**
     * For people, in a column beside the actor: {@code root@build-7 via cli, role cutover}, with the session role
     * and the address when they add something ({@code role cutover (login admin) from 10.0.0.7}); {@code unrecorded}
     * for a row written before identities were recorded.
     */
    public String describe() {
        if (databaseUser == null && osUser == null && tool == null) {
            return "unrecorded";
        }
        StringBuilder text = new StringBuilder().append(osUser).append('@').append(host).append(" via ").append(tool)
                .append(", role ").append(databaseUser);
        if (sessionUser != null && !sessionUser.equals(databaseUser)) {
            text.append(" (login ").append(sessionUser).append(')');
        }
        if (clientAddress != null) {
            text.append(" from ").append(clientAddress);
        }
        return text.toString();
    }
}
