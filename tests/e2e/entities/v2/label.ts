import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "labels", schema: "catalog" })
export class Label {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "varchar", length: 50, unique: true })
  name: string;

  @Column({ type: "char", length: 7, default: "#cccccc" })
  color: string;
}
