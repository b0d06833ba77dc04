import { ChildEntity, Column, Entity, PrimaryGeneratedColumn, TableInheritance, Tree, TreeChildren, TreeParent, ViewColumn, ViewEntity } from "typeorm";

export class Address {
  @Column({ type: "varchar", nullable: true })
  city: string | null;

  @Column({ type: "varchar", nullable: true })
  zip: string | null;

  @Column({ type: "varchar", length: 2, default: "FR" })
  country: string;
}

// moved to another schema
@Entity({ name: "notes", schema: "archive" })
export class Note {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: ["a", "b"] })
  kind: string;
}

// table renamed
@Entity({ name: "customers" })
export class Client {
  @PrimaryGeneratedColumn()
  id: number;

  @Column(() => Address)
  home: Address;

  // prefix changed
  @Column(() => Address, { prefix: "office" })
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

// a child added, with a NOT NULL column
@ChildEntity()
export class Video extends Content {
  @Column({ type: "int" })
  length: number;
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

  @TreeParent({ onDelete: "CASCADE" })
  parent: Category | null;
}

// materialized path -> nested set
@Entity({ name: "folders" })
@Tree("nested-set")
export class Folder {
  @PrimaryGeneratedColumn()
  id: number;

  @TreeChildren()
  children: Folder[];

  @TreeParent()
  parent: Folder | null;
}

@ViewEntity({ name: "note_kinds", schema: "archive", expression: `SELECT kind, count(*)::int AS n FROM archive.notes GROUP BY kind` })
export class NoteKind {
  @ViewColumn()
  kind: string;

  @ViewColumn()
  n: number;
}
