import { Column, Entity, PrimaryGeneratedColumn, Tree, TreeChildren, TreeParent } from "typeorm";

/** A nested-set tree: TypeORM adds `nsleft` and `nsright`. */
@Entity({ name: "sections" })
@Tree("nested-set")
export class Section {
  @PrimaryGeneratedColumn()
  id: number;

  @Column()
  title: string;

  @TreeChildren()
  children: Section[];

  @TreeParent()
  parent: Section;
}
