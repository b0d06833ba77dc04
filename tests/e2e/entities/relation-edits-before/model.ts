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

  @ManyToOne(() => Author, { onDelete: "CASCADE", nullable: true })
  author: Author | null;

  @ManyToOne(() => Author, { nullable: true })
  editor: Author | null;

  @OneToOne(() => Profile, { nullable: true })
  @JoinColumn({ name: "profile_id" })
  profile: Profile | null;

  @ManyToMany(() => Tag)
  @JoinTable({ name: "post_tags" })
  tags: Tag[];

  @ManyToOne(() => Post, { nullable: true })
  parent: Post | null;
}

@Entity({ name: "lines" })
export class Line {
  @PrimaryColumn({ type: "int" })
  orderId: number;

  @PrimaryColumn({ type: "int" })
  lineNo: number;

  @Column({ type: "int" })
  version: number;
}
