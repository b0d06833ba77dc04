import { Column, Entity, PrimaryColumn, Unique } from "typeorm";

/** A unique constraint on the primary key's columns, in their order. */
@Entity("kv")
@Unique("uq_kv_scope_key", ["scope", "key"])
export class Kv {
  @PrimaryColumn({ length: 40 })
  scope: string;

  @PrimaryColumn({ length: 80 })
  key: string;

  /** Same columns in another order: another index, kept. */
  @Column({ length: 80 })
  label: string;
}

@Entity("kv_labels")
@Unique("uq_kv_labels_key_scope", ["key", "scope"])
export class KvLabel {
  @PrimaryColumn({ length: 40 })
  scope: string;

  @PrimaryColumn({ length: 80 })
  key: string;
}

/** `unique: true` on a column, and `@Unique` on the same column again. */
@Entity("people")
@Unique("uq_people_email", ["email"])
@Unique("uq_people_email_deferred", ["email"], { deferrable: "INITIALLY DEFERRED" })
export class Person {
  @PrimaryColumn()
  id: number;

  @Column({ unique: true })
  email: string;
}
