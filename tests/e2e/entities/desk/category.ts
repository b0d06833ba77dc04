import { Column, Entity, PrimaryGeneratedColumn, Tree, TreeChildren, TreeParent } from "typeorm";

/** A materialized-path tree: TypeORM adds an `mpath` column. */
@Entity({ name: "categories" })
@Tree("materialized-path")
export class Category {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ length: 80 })
  name: string;

  @TreeChildren()
  children: Category[];

  @TreeParent({ onDelete: "CASCADE" })
  parent: Category | null;
}
