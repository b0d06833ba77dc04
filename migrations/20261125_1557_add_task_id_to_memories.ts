/**
 * add task_id to memories
 *
 * Revision ID: 3ea7bd5b31b6
 * Revises: 427c6311a360
 * Create Date: 2026-11-25 15:57:56.766
 */
import type { MigrationOps } from "pg-autogen";

export const revision = "3ea7bd5b31b6";
export const downRevision: string | readonly string[] | null = "427c6311a360";
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;

export async function upgrade(op: MigrationOps): Promise<void> {
  await op.addColumn("memories", { name: "task_id", type: "character varying" });
}

export async function downgrade(op: MigrationOps): Promise<void> {
  // DESTRUCTIVE: drops column memories.task_id and its data
  await op.dropColumn("memories", "task_id");
}
