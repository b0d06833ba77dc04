import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Unique } from "typeorm";
import { Queue } from "./queue";

export enum Scope {
  User = "user",
  Team = "team",
}

/** Idioms seen in real entity sets: explicit null defaults, a unique column, a FK to a non-key column. */
@Entity({ name: "settings" })
@Unique("UQ_settings_slug", ["slug"])
export class Setting {
  @PrimaryColumn("uuid", { default: () => "gen_random_uuid()" })
  id: string;

  @Column({ type: "varchar", length: 64 })
  slug: string;

  @Column({ type: "varchar", nullable: true, default: null })
  note: string | null;

  @Column({ type: "enum", enum: Scope, nullable: true, default: null })
  scope: Scope | null;

  @Column({ type: "int", unique: true, nullable: true })
  externalId: number | null;

  @Column({ type: "bool", default: false })
  hidden: boolean;

  @Column({ type: "json", nullable: true, default: () => "'[]'" })
  history: unknown[] | null;

  @Column({ type: "timestamp with time zone", default: () => "CURRENT_TIMESTAMP" })
  touchedAt: Date;

  @Column({ type: "decimal", precision: 5, scale: 2, default: 1.25 })
  ratio: string;

  @Column({ type: "int", generated: "identity", generatedIdentity: "BY DEFAULT" })
  serialNo: number;

  @Index({ unique: true, where: `"hidden" = false` })
  @Column({ type: "varchar", length: 120, default: "" })
  label: string;

  @Column({ type: "varchar", length: 36, default: () => "uuid_generate_v4()" })
  token: string;

  @ManyToOne(() => Queue, { nullable: false, onDelete: "RESTRICT" })
  @JoinColumn({ name: "queue_label", referencedColumnName: "label" })
  queue: Queue;
}
