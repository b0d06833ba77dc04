import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

// Edit from ticket-serial: the serial key becomes GENERATED ALWAYS AS IDENTITY.
@Entity({ name: "tickets" })
export class Ticket {
  @PrimaryGeneratedColumn("identity", { generatedIdentity: "ALWAYS" })
  id: number;

  @Column({ type: "text" })
  title: string;
}
