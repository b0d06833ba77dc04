import { Check, Column, Entity, Exclusion, Index, PrimaryGeneratedColumn, Unique } from "typeorm";

@Entity({ name: "rooms" })
@Index("rooms_partial", ["name"], { where: `"active" = true` })
@Index(["a", "b"])
@Index("rooms_ab_named", ["a", "b", "name"])
@Unique("rooms_uq", ["a"])
@Check("rooms_a_positive", `"a" > 0`)
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

  @Index({ unique: true })
  @Column({ type: "varchar", nullable: true })
  email: string | null;

  @Index()
  @Column({ type: "int", default: 0 })
  rank: number;
}

@Entity({ name: "bookings" })
export class Booking {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "int" })
  room: number;

  @Column({ type: "tsrange" })
  during: string;
}
