import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "docs" })
export class Doc {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "tsvector", nullable: true })
  search: string | null;
}

@Entity({ name: "legacy" })
export class Legacy {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", nullable: true })
  note: string | null;
}
