import { Check, Column, Entity, Exclusion, Index, PrimaryGeneratedColumn } from "typeorm";

/** Extensions TypeORM installs for column types and exclusions (citext, hstore, btree_gist). */
@Entity({ name: "bookings" })
@Exclusion(`USING gist ("room" WITH =, "during" WITH &&)`)
@Check(`"guests" > 0 AND "guests" <= 12`)
@Index("IDX_bookings_email_lower", ["email"], { unique: true, where: `"cancelled" = false` })
export class Booking {
  @PrimaryGeneratedColumn("identity", { generatedIdentity: "ALWAYS" })
  id: number;

  @Column({ type: "int" })
  room: number;

  @Column({ type: "tstzrange" })
  during: string;

  @Column({ type: "citext" })
  email: string;

  @Column({ type: "hstore", nullable: true })
  extras: Record<string, string> | null;

  @Column({ type: "smallint", default: 1 })
  guests: number;

  @Column({ default: false })
  cancelled: boolean;
}
