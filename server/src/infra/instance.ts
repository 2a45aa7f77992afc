import { randomBytes } from "node:crypto";
import os from "node:os";

/**
 * This process among the server instances sharing one database: host, pid and a random part (a
 * restarted process, or a container that reuses a pid, is a new instance). Generated once at start;
 * it owns the leases this process takes on outbox work (`lease_owner`, outbox_lease.owner) and is
 * bound to every log line.
 */
export const INSTANCE_ID = `${os.hostname().slice(0, 64)}:${process.pid}:${randomBytes(4).toString("hex")}`;
