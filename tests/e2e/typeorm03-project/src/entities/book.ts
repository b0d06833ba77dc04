import { Column, Entity, Index, ManyToOne, PrimaryGeneratedColumn } from "typeorm";
import { Author } from "./author";

@Entity("books")
@Index(["title"])
export class Book {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column()
  title!: string;

  @Column({ default: false })
  published!: boolean;

  @Column({ type: "jsonb", default: {} })
  meta!: Record<string, unknown>;

  @ManyToOne(() => Author, (author) => author.books, { onDelete: "CASCADE" })
  author!: Author;
}
