import { ViewColumn, ViewEntity } from "typeorm";

/** Reads columns v2 retypes (level, code) and re-casts (role): unchanged, but recreated around them. */
@ViewEntity({ name: "account_levels", expression: `SELECT "id", "level", "code", "role" FROM "accounts"` })
export class AccountLevel {
  @ViewColumn()
  id: number;

  @ViewColumn()
  level: number;
}

/** Reads a column v2 drops (status): its query changes in v2. */
@ViewEntity({ name: "active_accounts", expression: `SELECT "id", "email" FROM "accounts" WHERE "status" = 'active'` })
export class ActiveAccount {
  @ViewColumn()
  id: number;
}
