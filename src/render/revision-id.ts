import { randomBytes } from "node:crypto";

/** A new revision id: 12 random lowercase hex characters (48 bits), as Alembic's. */
export function newRevisionId(): string {
  return randomBytes(6).toString("hex");
}
