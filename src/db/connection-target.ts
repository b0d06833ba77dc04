/**
 * Where a connection to a PostgreSQL server goes, as the driver resolved it, and how to name it in a
 * message. It never holds the password.
 */
export interface ConnectionTarget {
  /** Host name, IP address, or a Unix socket directory (starting with `/`). */
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
}

/**
 * Names a target for messages.
 *
 * @example
 * describeTarget({ host: "127.0.0.1", port: 5432, database: "shop", user: "app" })
 * // '127.0.0.1:5432, database "shop" as user "app"'
 */
export function describeTarget(target: ConnectionTarget): string {
  const where = target.host.startsWith("/")
    ? `socket ${target.host} (port ${target.port})`
    : `${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}`;
  return `${where}, database "${target.database}" as user "${target.user}"`;
}
