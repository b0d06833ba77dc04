/**
 * add progress tracking to task_logs
 *
 * Revision ID: 49744b92d549
 * Revises: 3ea7bd5b31b6
 * Create Date: 2026-11-25 15:59:01.220
 */
import type { MigrationOps } from "pg-autogen";

export const revision = "49744b92d549";
export const downRevision: string | readonly string[] | null = "3ea7bd5b31b6";
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;

export async function upgrade(op: MigrationOps): Promise<void> {
  await op.addColumn("task_logs", {
    name: "progress",
    type: "integer",
    nullable: false,
    default: "0",
  });
  await op.addColumn("task_logs", { name: "result", type: "json" });
  await op.addColumn("task_logs", { name: "message", type: "character varying" });
  await op.addCheck("task_logs", {
    name: "CHK_9fbd2245e09d66dd3d3ca3ffe4",
    definition: "CHECK (((progress >= 0) AND (progress <= 100)))",
  });
}

export async function downgrade(op: MigrationOps): Promise<void> {
  await op.dropConstraint("task_logs", "CHK_9fbd2245e09d66dd3d3ca3ffe4");
  // DESTRUCTIVE: drops column task_logs.message and its data
  await op.dropColumn("task_logs", "message");
  // DESTRUCTIVE: drops column task_logs.result and its data
  await op.dropColumn("task_logs", "result");
  // DESTRUCTIVE: drops column task_logs.progress and its data
  await op.dropColumn("task_logs", "progress");
}
