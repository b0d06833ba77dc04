import { Column, Entity, JoinColumn, JoinTable, ManyToMany, ManyToOne, OneToOne, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "authors" })
export class Author {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar" })
  name: string;
}

@Entity({ name: "profiles" })
export class Profile {
  @PrimaryGeneratedColumn()
  id: number;
}

@Entity({ name: "tags" })
export class Tag {
  @PrimaryGeneratedColumn()
  id: number;
}

@Entity({ name: "posts" })
export class Post {
  @PrimaryGeneratedColumn()
  id: number;

  // onDelete changed, onUpdate added, made NOT NULL (every row has an author)
  @ManyToOne(() => Author, { onDelete: "RESTRICT", onUpdate: "CASCADE", nullable: false })
  author: Author;

  // editor removed; reviewer added
  @ManyToOne(() => Author, { nullable: true, onDelete: "SET NULL" })
  reviewer: Author | null;

  // one-to-one join column renamed
  @OneToOne(() => Profile, { nullable: true })
  @JoinColumn({ name: "profile_ref" })
  profile: Profile | null;

  // join table renamed
  @ManyToMany(() => Tag)
  @JoinTable({ name: "posts_tags" })
  tags: Tag[];

  // self reference with onDelete
  @ManyToOne(() => Post, { nullable: true, onDelete: "CASCADE" })
  parent: Post | null;
}

@Entity({ name: "lines" })
export class Line {
  @PrimaryColumn({ type: "int" })
  orderId: number;

  @PrimaryColumn({ type: "int" })
  lineNo: number;

  // joins the key
  @PrimaryColumn({ type: "int" })
  version: number;
}
