/**
 * The example project: a memory service's TypeORM entities (fixtures/memstack) and the migrations the
 * tool generated from them (migrations/). With no databaseUrl here and no DATABASE_URL, commands use the
 * embedded database under .autogen/.
 */
export default {
  entities: ["fixtures/memstack/*.entity.ts"],
  migrations: "migrations",
};
