import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";

export enum Color {
  Red = "red",
  Blue = "blue",
}

@Entity({ name: "owners" })
export class Owner {
  @PrimaryGeneratedColumn("increment", { type: "bigint" })
  id: string;

  @Column({ type: "enum", enum: Color, default: Color.Red })
  color: Color;

  @Column({ type: "varchar", length: 20, default: "a" })
  kind: string;
}

@Entity({ name: "pets" })
export class Pet {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Owner, { nullable: true })
  @JoinColumn({ name: "owner_id" })
  owner: Owner | null;

  @Column({ type: "varchar", default: "none" })
  nick: string;

  @Column({ type: "int", default: 0 })
  legs: number;
}
