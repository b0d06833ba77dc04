import { ChildEntity, Column, DeleteDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, TableInheritance, Unique, ViewColumn, ViewEntity } from "typeorm";

@Entity({ name: "docs" })
// the unique constraint replaced by a unique index on the same column
@Index("docs_slug_idx", ["slug"], { unique: true })
// a partial unique index over the soft-delete column
@Index("docs_live_seq", ["seq"], { unique: true, where: `"deletedAt" IS NULL` })
export class Doc {
  // uuid generation dropped: the key is given by the application
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Column({ type: "varchar" })
  slug: string;

  @Column({ type: "tsvector", nullable: true })
  search: string | null;

  @Column({ type: "simple-enum", enum: ["a", "b", "c"], default: "c" })
  level: string;

  // unique: true dropped
  @Column({ type: "int", nullable: true })
  seq: number | null;

  @Column({ type: "time", precision: 0, nullable: true })
  at: string | null;

  @DeleteDateColumn()
  deletedAt: Date | null;
}


// composite key widened under a composite foreign key
@Entity({ name: "grids" })
export class Grid {
  @PrimaryColumn({ type: "bigint" })
  x: string;

  @PrimaryColumn({ type: "bigint" })
  y: string;
}

@Entity({ name: "cells" })
export class Cell {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Grid, { nullable: true, onDelete: "CASCADE" })
  @JoinColumn([{ name: "gx", referencedColumnName: "x" }, { name: "gy", referencedColumnName: "y" }])
  grid: Grid | null;
}

// discriminator column renamed
@Entity({ name: "vehicles" })
@TableInheritance({ column: { type: "varchar", name: "kind" } })
export class Vehicle {
  @PrimaryGeneratedColumn()
  id: number;
}

@ChildEntity("car")
export class Car extends Vehicle {
  @Column({ type: "int", nullable: true })
  doors: number | null;
}

@ViewEntity({ name: "doc_levels", materialized: true, expression: `SELECT level, count(*)::int AS n FROM docs GROUP BY level` })
export class DocLevel {
  @ViewColumn()
  level: string;

  @ViewColumn()
  n: number;
}
