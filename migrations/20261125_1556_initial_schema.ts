/**
 * initial schema
 *
 * Revision ID: 427c6311a360
 * Revises: (none)
 * Create Date: 2026-11-25 15:56:45.196
 */
import type { MigrationOps } from "pg-autogen";

export const revision = "427c6311a360";
export const downRevision: string | readonly string[] | null = null;
export const branchLabels: readonly string[] | null = null;
export const dependsOn: readonly string[] | null = null;

export async function upgrade(op: MigrationOps): Promise<void> {
  await op.createExtension("uuid-ossp");
  await op.createEnum("tenant_plan", ["free", "team", "enterprise"]);
  await op.createEnum("memories_status_enum", ["pending", "processing", "ready", "failed"]);
  await op.createTable("entity_types", {
    columns: [
      { name: "id", type: "integer", nullable: false, identity: { kind: "serial" } },
      { name: "name", type: "character varying(100)", nullable: false },
      { name: "schema", type: "jsonb", nullable: false, default: "'{}'::jsonb" },
      { name: "description", type: "text", comment: "What this kind of entity represents" },
    ],
    primaryKey: { name: "PK_b150dde128f563f5b4d33cd41e8", columns: ["id"] },
    uniques: [{ name: "UQ_f8d67af95ede89cd88b1c5656d5", columns: ["name"] }],
    checks: [
      {
        name: "CHK_entity_types_name_not_blank",
        definition: "CHECK ((length(TRIM(BOTH FROM name)) > 0))",
      },
    ],
  });
  await op.createTable("users", {
    columns: [
      { name: "id", type: "uuid", nullable: false, default: "public.uuid_generate_v4()" },
      { name: "tenant_id", type: "uuid", nullable: false },
      { name: "email", type: "character varying(320)", nullable: false },
      { name: "display_name", type: "character varying(200)" },
      { name: "is_active", type: "boolean", nullable: false, default: "true" },
      { name: "created_at", type: "timestamp with time zone", nullable: false, default: "now()" },
    ],
    primaryKey: { name: "PK_a3ffb1c0c8416b9fc6f907b7433", columns: ["id"] },
  });
  await op.createTable("tenants", {
    columns: [
      { name: "id", type: "uuid", nullable: false, default: "public.uuid_generate_v4()" },
      { name: "slug", type: "character varying(120)", nullable: false },
      { name: "name", type: "character varying(255)", nullable: false },
      {
        name: "plan",
        type: "public.tenant_plan",
        nullable: false,
        default: "'free'::public.tenant_plan",
      },
      { name: "created_at", type: "timestamp with time zone", nullable: false, default: "now()" },
      { name: "updated_at", type: "timestamp with time zone", nullable: false, default: "now()" },
    ],
    primaryKey: { name: "PK_53be67a04681c66b87ee27c9321", columns: ["id"] },
    uniques: [{ name: "UQ_2310ecc5cb8be427097154b18fc", columns: ["slug"] }],
  });
  await op.createTable("projects", {
    columns: [
      { name: "id", type: "uuid", nullable: false, default: "public.uuid_generate_v4()" },
      { name: "tenant_id", type: "uuid", nullable: false },
      { name: "name", type: "character varying(200)", nullable: false },
      { name: "description", type: "text" },
      { name: "created_at", type: "timestamp with time zone", nullable: false, default: "now()" },
    ],
    primaryKey: { name: "PK_6271df0a7aed1d6c0691ce6ac50", columns: ["id"] },
  });
  await op.createTable("memories", {
    columns: [
      { name: "id", type: "uuid", nullable: false, default: "public.uuid_generate_v4()" },
      { name: "project_id", type: "uuid", nullable: false },
      { name: "title", type: "character varying(500)", nullable: false },
      { name: "content", type: "text", nullable: false },
      { name: "tags", type: "text[]", nullable: false, default: "'{}'::text[]" },
      {
        name: "status",
        type: "public.memories_status_enum",
        nullable: false,
        default: "'pending'::public.memories_status_enum",
      },
      { name: "created_at", type: "timestamp with time zone", nullable: false, default: "now()" },
      { name: "updated_at", type: "timestamp with time zone", nullable: false, default: "now()" },
    ],
    primaryKey: { name: "PK_aaa0692d9496fe827b0568612f8", columns: ["id"] },
  });
  await op.createTable("task_logs", {
    columns: [
      { name: "id", type: "bigint", nullable: false, identity: { kind: "serial" } },
      { name: "task_id", type: "character varying(64)", nullable: false },
      { name: "task_type", type: "character varying(100)", nullable: false },
      { name: "finished_at", type: "timestamp with time zone" },
      { name: "created_at", type: "timestamp with time zone", nullable: false, default: "now()" },
    ],
    primaryKey: { name: "PK_9754457a29b4ffbb772e8a3039c", columns: ["id"] },
  });
  await op.createIndex("users", {
    name: "IDX_e9f4c2efab52114c4e99e28efb",
    keys: ["tenant_id", "email"],
    unique: true,
  });
  await op.createIndex("projects", {
    name: "IDX_3748e4d84654129e867486bb67",
    keys: ["tenant_id", "name"],
    unique: true,
  });
  await op.createIndex("memories", {
    name: "IDX_189c55b706b4ecfbe80465f06b",
    keys: ["project_id", "created_at"],
  });
  await op.createIndex("task_logs", {
    name: "IDX_task_logs_unfinished",
    keys: ["task_id"],
    where: "finished_at IS NULL",
  });
  await op.addForeignKey("users", {
    name: "FK_109638590074998bb72a2f2cf08",
    columns: ["tenant_id"],
    referencedTable: "tenants",
    referencedColumns: ["id"],
    onDelete: "CASCADE",
  });
  await op.addForeignKey("projects", {
    name: "FK_7393a03ef67e2ea91b81faa95dd",
    columns: ["tenant_id"],
    referencedTable: "tenants",
    referencedColumns: ["id"],
    onDelete: "CASCADE",
  });
  await op.addForeignKey("memories", {
    name: "FK_05bd17ba16ae2b6335772ee6bc3",
    columns: ["project_id"],
    referencedTable: "projects",
    referencedColumns: ["id"],
    onDelete: "CASCADE",
  });
}

export async function downgrade(op: MigrationOps): Promise<void> {
  await op.dropConstraint("memories", "FK_05bd17ba16ae2b6335772ee6bc3");
  await op.dropConstraint("projects", "FK_7393a03ef67e2ea91b81faa95dd");
  await op.dropConstraint("users", "FK_109638590074998bb72a2f2cf08");
  await op.dropIndex("task_logs", "IDX_task_logs_unfinished");
  await op.dropIndex("memories", "IDX_189c55b706b4ecfbe80465f06b");
  await op.dropIndex("projects", "IDX_3748e4d84654129e867486bb67");
  await op.dropIndex("users", "IDX_e9f4c2efab52114c4e99e28efb");
  // DESTRUCTIVE: drops table task_logs and all its rows
  await op.dropTable("task_logs");
  // DESTRUCTIVE: drops table memories and all its rows
  await op.dropTable("memories");
  // DESTRUCTIVE: drops table projects and all its rows
  await op.dropTable("projects");
  // DESTRUCTIVE: drops table tenants and all its rows
  await op.dropTable("tenants");
  // DESTRUCTIVE: drops table users and all its rows
  await op.dropTable("users");
  // DESTRUCTIVE: drops table entity_types and all its rows
  await op.dropTable("entity_types");
  // DESTRUCTIVE: drops enum memories_status_enum
  await op.dropEnum("memories_status_enum");
  // DESTRUCTIVE: drops enum tenant_plan
  await op.dropEnum("tenant_plan");
  await op.dropExtension("uuid-ossp");
}
