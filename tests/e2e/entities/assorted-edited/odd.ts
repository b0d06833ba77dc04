import {
  Column, CreateDateColumn, Entity, Index, JoinColumn, JoinTable, ManyToMany, ManyToOne, OneToMany, OneToOne,
  PrimaryColumn, PrimaryGeneratedColumn, Unique,
} from "typeorm";

export enum Level { Low = 1, Mid = 2, High = 3, Max = 4 }
export enum Tone { Warm = "warm", Cold = "cold" }

@Entity({ name: "regions", schema: "geo" })
export class Region {
  @PrimaryColumn({ type: "bigint" })
  id: string;

  @Column({ type: "citext", unique: true })
  name: string;

  @OneToMany(() => Person, (p) => p.region)
  people: Person[];
}

@Entity({ name: "profiles" })
export class Profile {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  @Column({ type: "jsonb", default: { theme: "dark" } })
  settings: object;

  @Column({ type: "jsonb", default: [] })
  badges: unknown[];

  @Column({ type: "boolean", nullable: true, default: null })
  verified: boolean | null;
}

@Entity({ name: "people" })
@Unique(["first", "last"])
@Index(["first", "last"], { unique: true })
export class Person {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ length: 40 })
  first: string;

  @Column({ length: 40 })
  last: string;

  @Column({ type: "enum", enum: Level, default: Level.Mid })
  level: Level;

  @Column({ type: "enum", enum: Tone, array: true, default: [Tone.Warm, Tone.Cold] })
  tones: Tone[];

  @Column({ type: "varchar", array: true, default: ["c"] })
  tags: string[];

  @Column({ type: "int", array: true, default: () => "ARRAY[]::integer[]" })
  scores: number[];

  @Column({ type: "float", default: 1.5 })
  weight: number;

  @Column({ type: "numeric", precision: 24, scale: 2, nullable: true })
  big: string | null;

  @Column({ type: "timestamp", nullable: true, default: () => "NULL" })
  seenAt: Date | null;

  @Column({ type: "character varying", length: 255, default: () => "'pending'" })
  state: string;

  @CreateDateColumn({ type: "timestamp", default: () => "now()" })
  createdAt: Date;

  @Index()
  @ManyToOne(() => Region, (r) => r.people, { nullable: true, onDelete: "CASCADE" })
  region: Region | null;

  @OneToOne(() => Profile, { cascade: true, nullable: true })
  @JoinColumn({ name: "profile_id" })
  profile: Profile | null;

  @ManyToMany(() => Person)
  @JoinTable({ name: "friendships", joinColumn: { name: "a" }, inverseJoinColumn: { name: "b" } })
  friends: Person[];
}
