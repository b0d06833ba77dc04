import { Column, Entity, Index, PrimaryColumn } from "typeorm";

/** Type aliases and precisions as users write them: each must compare clean against what TypeORM creates. */
@Entity({ name: "type_aliases" })
@Index(["createdMs"], { where: `"flag" IS TRUE` })
export class TypeAliases {
  @PrimaryColumn({ type: "character varying", length: 36 })
  key: string;

  @Column({ type: "timestamp", precision: 3, nullable: true })
  createdMs: Date | null;

  @Column({ type: "timestamp with time zone", precision: 0, default: () => "now()" })
  at: Date;

  @Column({ type: "time with time zone", nullable: true })
  timeTz: string | null;

  @Column({ type: "int8", default: 0 })
  big: string;

  @Column({ type: "float8", nullable: true })
  f8: number | null;

  @Column({ type: "float4", nullable: true })
  f4: number | null;

  @Column({ type: "bool", nullable: true })
  flag: boolean | null;

  @Column({ type: "numeric", nullable: true })
  anyNumeric: string | null;

  @Column({ type: "character", length: 3, default: "abc" })
  code: string;

  @Column({ type: "bit", length: 8, nullable: true })
  bits: string | null;

  @Column({ type: "varbit", length: 16, nullable: true })
  varbits: string | null;

  @Column({ type: "money", nullable: true })
  price: string | null;

  @Column({ type: "uuid", default: () => "gen_random_uuid()" })
  token: string;

  @Column({ type: "jsonb", default: () => "'[]'" })
  list: unknown[];

  @Column({ type: "smallint", array: true, nullable: true })
  scores: number[] | null;

  @Column({ type: "interval", default: () => "'1 day'" })
  ttl: string;

  @Column({ type: "date", default: () => "CURRENT_DATE" })
  day: string;
}
