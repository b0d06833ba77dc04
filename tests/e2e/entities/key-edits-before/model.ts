import { ChildEntity, Column, DeleteDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, TableInheritance, Unique, ViewColumn, ViewEntity } from "typeorm";

@Entity({ name: "docs" })
@Unique("docs_slug_uq", ["slug"])
export class Doc {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "varchar" })
  slug: string;

  @Column({ type: "tsvector", nullable: true })
  search: string | null;

  @Column({ type: "simple-enum", enum: ["a", "b"], default: "a" })
  level: string;

  @Column({ type: "int", unique: true, nullable: true })
  seq: number | null;

  @Column({ type: "time", nullable: true })
  at: string | null;

  @DeleteDateColumn()
  deletedAt: Date | null;
}


@Entity({ name: "grids" })
export class Grid {
  @PrimaryColumn({ type: "int" })
  x: number;

  @PrimaryColumn({ type: "int" })
  y: number;
}

@Entity({ name: "cells" })
export class Cell {
  @PrimaryGeneratedColumn()
  id: number;

  @ManyToOne(() => Grid, { nullable: true })
  @JoinColumn([{ name: "gx", referencedColumnName: "x" }, { name: "gy", referencedColumnName: "y" }])
  grid: Grid | null;
}

@Entity({ name: "vehicles" })
@TableInheritance({ column: { type: "varchar", name: "type" } })
export class Vehicle {
  @PrimaryGeneratedColumn()
  id: number;
}

@ChildEntity("car")
export class Car extends Vehicle {
  @Column({ type: "int", nullable: true })
  doors: number | null;
}

@ViewEntity({ name: "doc_levels", materialized: true, expression: `SELECT level, count(*) AS n FROM docs GROUP BY level` })
export class DocLevel {
  @ViewColumn()
  level: string;

  @ViewColumn()
  n: number;
}
