import { DataSource, Index, ViewColumn, ViewEntity } from "typeorm";
import { Ticket } from "./ticket";

/** A view whose query a function builds with TypeORM's query builder. */
@ViewEntity({
  name: "heavy_tickets",
  expression: (dataSource: DataSource) =>
    dataSource
      .createQueryBuilder()
      .select("ticket.id", "id")
      .addSelect("ticket.title", "title")
      .from(Ticket, "ticket")
      .where("ticket.weight > 50"),
})
export class HeavyTicket {
  @ViewColumn()
  id: number;

  @ViewColumn()
  title: string;
}

/** A materialized view over that view, ordered after it through dependsOn (by class), with an index. */
@Index("IDX_heavy_ticket_count_tickets", ["tickets"], { unique: true })
@ViewEntity({
  name: "heavy_ticket_count",
  materialized: true,
  dependsOn: [HeavyTicket],
  expression: `SELECT count(*) AS "tickets" FROM "heavy_tickets"`,
})
export class HeavyTicketCount {
  @ViewColumn()
  tickets: string;
}
