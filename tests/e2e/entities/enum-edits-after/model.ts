import { Column, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "shirts" })
export class Shirt {
  @PrimaryGeneratedColumn()
  id: number;

  // a value added in the middle
  @Column({ type: "enum", enum: ["xs", "s", "m", "xl", "l"], default: "m" })
  size: string;

  // a value removed (no row holds it), one reordered
  @Column({ type: "enum", enum: ["blue", "red"] })
  color: string;

  // shared enum split: shirts keep state_enum with a new label
  @Column({ type: "enum", enum: ["new", "old", "gone", "lost"], enumName: "state_enum", default: "new" })
  state: string;

  // array enum with a value added and the default changed
  @Column({ type: "enum", enum: ["a", "b", "c"], array: true, default: ["a", "c"] })
  flags: string[];

  // a value renamed (y -> why), rows holding x only
  @Column({ type: "enum", enum: ["x", "why", "z"] })
  letter: string;
}

@Entity({ name: "hats" })
export class Hat {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: "enum", enum: ["new", "old"], enumName: "hat_state_enum", default: "old" })
  state: string;
}
