import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "shirts" })
export class Shirt {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: ["s", "m", "l"], default: "m" })
  size: string;

  @Column({ type: "enum", enum: ["red", "green", "blue"] })
  color: string;

  @Column({ type: "enum", enum: ["new", "old", "gone"], enumName: "state_enum", default: "new" })
  state: string;

  @Column({ type: "enum", enum: ["a", "b"], array: true, default: ["a"] })
  flags: string[];

  @Column({ type: "enum", enum: ["x", "y", "z"] })
  letter: string;
}

@Entity({ name: "hats" })
export class Hat {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: ["new", "old", "gone"], enumName: "state_enum", default: "old" })
  state: string;
}
