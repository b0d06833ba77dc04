/**
 * A sequence whose bounds narrow (a MINVALUE raised, a MAXVALUE lowered, a new direction): PostgreSQL
 * refuses the ALTER while the sequence's value is outside the new bounds (`RESTART value (1) cannot be less
 * than MINVALUE (10)`), a sequence never drawn from included, and every such diff stopped there. Where a
 * restart at the new START hands out nothing again (never drawn from, or drawn only below a raised
 * MINVALUE going up), the sequence restarts with its new options; otherwise the migration stops naming it.
 * Free-standing, serial and identity sequences; on PostgreSQL 15, judged by pg_dump, with each case's
 * sequences' positions (`pg_sequences.last_value`, null where never drawn from) read at each stage.
 */
import { expectRoundTrip, expectShared, roundTrip, sharedRoundTrip } from "./catalog-round-trip";

const POSITIONS = "SELECT sequencename AS name, last_value AS last FROM pg_sequences WHERE schemaname = current_schema() ORDER BY 1";

const shared = sharedRoundTrip({
  raisedMin: { before: "CREATE SEQUENCE q;", after: "CREATE SEQUENCE q MINVALUE 10;", rows: POSITIONS },
  descending: { before: "CREATE SEQUENCE q;", after: "CREATE SEQUENCE q INCREMENT -1;", rows: POSITIONS },
  drawnBelow: { before: "CREATE SEQUENCE q; SELECT nextval('q'), nextval('q');", after: "CREATE SEQUENCE q MINVALUE 100;", rows: POSITIONS },
  identity: {
    before: "CREATE TABLE i (id int GENERATED ALWAYS AS IDENTITY, x int);",
    after: "CREATE TABLE i (id int GENERATED ALWAYS AS IDENTITY (MINVALUE 10 MAXVALUE 1000), x int);",
    rows: POSITIONS,
  },
  identityInside: {
    before: "CREATE TABLE i (id int GENERATED ALWAYS AS IDENTITY, x int); INSERT INTO i (x) SELECT generate_series(1, 20);",
    after: "CREATE TABLE i (id int GENERATED ALWAYS AS IDENTITY (MINVALUE 10), x int); INSERT INTO i (x) SELECT generate_series(1, 20);",
    rows: POSITIONS,
  },
  serial: { before: "CREATE TABLE t (id serial);", after: "CREATE TABLE t (id serial); ALTER SEQUENCE t_id_seq MINVALUE 5 START 5 RESTART;", rows: POSITIONS },
});

it(`in one round trip: ${shared.names}`, async () => {
  await expectShared(shared);
});

describe("a sequence whose bounds narrow past its value", () => {
  it.each([
    ["raisedMin", "a free-standing one never drawn from, MINVALUE raised", "q"],
    ["descending", "a free-standing one never drawn from, made descending", "q"],
    ["identity", "an identity column's, never drawn from", "i_id_seq"],
    ["serial", "a serial column's, never drawn from", "t_id_seq"],
  ] as const)("restarts at its new START: %s (%s)", async (name, _, sequence) => {
    const result = await shared.of(name);
    expectRoundTrip(result);
    // Still never drawn from: the next value is the new START.
    const never = [{ name: sequence, last: null }];
    expect(result.rows).toEqual({ original: never, upgraded: never, downgraded: never });
  });

  it("restarts one drawn from only below a raised MINVALUE (it hands out nothing again)", async () => {
    const result = await shared.of("drawnBelow");
    expectRoundTrip(result);
    expect(result.rows!.original).toEqual([{ name: "q", last: "2" }]);
    expect(result.rows!.upgraded).toEqual([{ name: "q", last: null }]);
  });

  it("leaves one whose value is inside the new bounds where it is", async () => {
    const result = await shared.of("identityInside");
    expectRoundTrip(result);
    const at20 = [{ name: "i_id_seq", last: "20" }];
    expect(result.rows).toEqual({ original: at20, upgraded: at20, downgraded: at20 });
  });

  it("stops the migration, naming the sequence and its value, where a restart would hand out values again", async () => {
    const refused = roundTrip({
      before: "CREATE TABLE t (id serial); SELECT setval('t_id_seq', 500);",
      after: "CREATE TABLE t (id serial); ALTER SEQUENCE t_id_seq MAXVALUE 100;",
    });
    await expect(refused).rejects.toThrow(
      "sequence of public.t.id stands at 500, outside its new bounds (MINVALUE 1, MAXVALUE 100), and restarting it at its new START 1 " +
        "could hand out values it has handed out already: set it by hand (setval) to a value inside the new bounds before this migration, or keep the old bounds",
    );
  });
});
