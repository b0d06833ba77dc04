import { ChildEntity, Column, Entity, PrimaryGeneratedColumn, TableInheritance, Tree, TreeChildren, TreeParent, ViewColumn, ViewEntity } from "typeorm";

export class Address {
  @Column({ type: "varchar", nullable: true })
  city: string | null;

  @Column({ type: "varchar", nullable: true })
  zip: string | null;
}

@Entity({ name: "notes" })
export class Note {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: ["a", "b"] })
  kind: string;
}

@Entity({ name: "clients" })
export class Client {
  @PrimaryGeneratedColumn()
  id: number;

  @Column(() => Address)
  home: Address;

  @Column(() => Address, { prefix: "work" })
  office: Address;
}

@Entity({ name: "content" })
@TableInheritance({ column: { type: "varchar", name: "type" } })
export class Content {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar" })
  title: string;
}

@ChildEntity()
export class Photo extends Content {
  @Column({ type: "int" })
  size: number;
}

@Entity({ name: "categories" })
@Tree("closure-table")
export class Category {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar" })
  name: string;

  @TreeChildren()
  children: Category[];

  @TreeParent()
  parent: Category | null;
}

@Entity({ name: "folders" })
@Tree("materialized-path")
export class Folder {
  @PrimaryGeneratedColumn()
  id: number;

  @TreeChildren()
  children: Folder[];

  @TreeParent()
  parent: Folder | null;
}

@ViewEntity({ name: "note_kinds", expression: `SELECT kind, count(*) AS n FROM notes GROUP BY kind` })
export class NoteKind {
  @ViewColumn()
  kind: string;

  @ViewColumn()
  n: number;
}
