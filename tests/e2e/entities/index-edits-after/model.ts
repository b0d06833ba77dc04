import { Check, Column, Entity, Exclusion, Index, PrimaryGeneratedColumn, Unique } from "typeorm";

@Entity({ name: "rooms" })
@Index("rooms_partial", ["name"], { where: `"active" = false` })
@Index(["b", "a"])
@Index("rooms_ab_named", ["name", "a", "b"])
@Unique("rooms_uq", ["b"])
@Check("rooms_a_positive", `"a" >= 0`)
@Check(`"b" <> "a"`)
export class Room {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar" })
  name: string;

  @Column({ type: "boolean", default: true })
  active: boolean;

  @Column({ type: "int" })
  a: number;

  @Column({ type: "int" })
  b: number;

  @Index()
  @Column({ type: "varchar", nullable: true })
  email: string | null;

  @Index({ unique: true })
  @Column({ type: "int", default: 0 })
  rank: number;
}

@Entity({ name: "bookings" })
@Exclusion(`USING gist ("during" WITH &&)`)
export class Booking {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  room: number;

  @Column({ type: "tsrange" })
  during: string;
}
