import { DataSource } from "typeorm";
import { SnakeNamingStrategy } from "./snake-naming";

export const AppDataSource = new DataSource({
  type: "postgres",
  entities: [__dirname + "/entities{.ts,.js}"],
  namingStrategy: new SnakeNamingStrategy(),
  synchronize: false,
});
