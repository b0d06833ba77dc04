import { ViewColumn, ViewEntity } from "typeorm";

/** The same query as in v1; the columns it reads change type under it. */
@ViewEntity({ name: "account_levels", expression: `SELECT "id", "level", "code", "role" FROM "accounts"` })
export class AccountLevel {
  @ViewColumn()
  id: number;

  @ViewColumn()
  level: number;
}

/** v1 read the dropped status column; v2 reads the new plan column. */
@ViewEntity({ name: "active_accounts", expression: `SELECT "id", "email" FROM "accounts" WHERE "plan" = 'pro'` })
export class ActiveAccount {
  @ViewColumn()
  id: number;
}

/** New in v2: a materialized view over a view, created after it (dependsOn). */
@ViewEntity({
  name: "account_level_counts",
  materialized: true,
  dependsOn: ["account_levels"],
  expression: `SELECT "level", count(*) AS "accounts" FROM "account_levels" GROUP BY "level"`,
})
export class AccountLevelCount {
  @ViewColumn()
  level: number;

  @ViewColumn()
  accounts: string;
}
