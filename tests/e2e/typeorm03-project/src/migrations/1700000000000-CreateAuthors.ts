import { MigrationInterface, QueryRunner } from "typeorm";

export class CreateAuthors1700000000000 implements MigrationInterface {
    name = 'CreateAuthors1700000000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."authors_role_enum" AS ENUM('writer', 'editor')`);
        await queryRunner.query(`CREATE TABLE "authors" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "name" character varying(100) NOT NULL, "email" character varying NOT NULL, "role" "public"."authors_role_enum" NOT NULL DEFAULT 'writer', "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_ea066641108f693660071dfa790" UNIQUE ("email"), CONSTRAINT "PK_d2ed02fabd9b52847ccb85e6b88" PRIMARY KEY ("id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "authors"`);
        await queryRunner.query(`DROP TYPE "public"."authors_role_enum"`);
    }
}
