import { Column, CreateDateColumn, Entity, OneToMany, PrimaryGeneratedColumn } from "typeorm";
import { Book } from "./book";

@Entity("authors")
export class Author {
  @PrimaryGeneratedColumn("uuid")
  id!: string;

  @Column({ length: 100 })
  name!: string;

  @Column({ unique: true })
  email!: string;

  @Column({ type: "enum", enum: ["writer", "editor"], default: "writer" })
  role!: string;

  @CreateDateColumn()
  createdAt!: Date;

  @OneToMany(() => Book, (book) => book.author)
  books!: Book[];
}
