import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";

// An index made by hand, which the entity declares and tells TypeORM to leave alone.
@Entity({ name: "docs" })
@Index("docs_search_idx", { synchronize: false })
export class Doc {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "tsvector", nullable: true })
  search: string | null;
}

// No longer synchronized: TypeORM's schema builder leaves its table alone.
@Entity({ name: "legacy", synchronize: false })
export class Legacy {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", nullable: true })
  note: string | null;
}
