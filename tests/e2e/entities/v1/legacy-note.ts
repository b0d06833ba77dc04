import { Column, Entity, PrimaryColumn } from "typeorm";

@Entity({ name: "legacy_notes" })
export class LegacyNote {
  @PrimaryColumn({ type: "int" })
  id: number;

  @Column({ type: "text" })
  body: string;
}
