import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "owners" })
export class Owner {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 10, default: "red" })
  color: string;

  @Column({ type: "enum", enum: ["a", "b"], enumName: "kind_enum", default: "a" })
  kind: string;
}

@Entity({ name: "pets" })
export class Pet {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Owner, { nullable: true })
  @JoinColumn({ name: "owner_id" })
  owner: Owner | null;

  @Column({ type: "varchar", nullable: true })
  nick: string | null;
}
