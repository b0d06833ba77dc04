/**
 * The progress display on a fake clock and a fake stderr: the live line (drawn after the delay, redrawn in
 * place with the elapsed time, out of the way of other output, paused while a question is open, cleared at
 * the end; no escape sequence at all with NO_COLOR), the line per slow phase without a terminal, and
 * silence when muted. The events come from the API's own `startPhase`, so their texts are the real ones.
 */
import { createProgressDisplay, type ProgressDisplay, type ProgressMode } from "../../src/cli/progress-display";
import { progressSummary, progressText, startPhase } from "../../src/progress/progress";

interface Harness {
  readonly display: ProgressDisplay;
  /** Everything written to stderr. */
  written(): string;
  /** Moves the clock on and runs the redraw timer as it would have run. */
  advance(ms: number): void;
  readonly timerRunning: () => boolean;
}

function harness(mode: ProgressMode, color = true, columns = 80): Harness {
  let out = "";
  let clock = 0;
  let tick: (() => void) | null = null;
  // startPhase times phases with performance.now: it follows the fake clock.
  jest.spyOn(performance, "now").mockImplementation(() => clock);
  const display = createProgressDisplay({
    mode,
    color,
    write: (text) => (out += text),
    columns: () => columns,
    delayMs: 250,
    now: () => clock,
    every: (_ms, fn) => {
      tick = fn;
      return () => (tick = null);
    },
  });
  return {
    display,
    written: () => out,
    advance(ms) {
      for (let t = 0; t < ms; t += 100) {
        clock += Math.min(100, ms - t);
        tick?.();
      }
    },
    timerRunning: () => tick !== null,
  };
}

const ESC = "\u001b";

afterEach(() => jest.restoreAllMocks());

describe("live line (stderr is a terminal)", () => {
  it("appears after the delay, counts, redraws in place with the elapsed time, and is cleared at the end", () => {
    const h = harness("live");
    const loading = startPhase(h.display.listener, "loadingEntities", { total: 40 });
    expect(h.written()).toBe(""); // a quick command draws nothing
    h.advance(300);
    expect(h.written()).toBe(`\r${ESC}[2Kloading entities 0/40${ESC}[2m (0.3 s)${ESC}[22m`);
    loading.advance(12); // counted at most 20 times a second: drawn at the next tick
    h.advance(100);
    expect(h.written().endsWith(`\r${ESC}[2Kloading entities 12/40${ESC}[2m (0.4 s)${ESC}[22m`)).toBe(true);
    h.advance(900);
    expect(h.written().endsWith(`loading entities 12/40${ESC}[2m (1.3 s)${ESC}[22m`)).toBe(true);
    const catalog = startPhase(h.display.listener, "readingCatalog");
    expect(h.written().endsWith(`\r${ESC}[2Kloading entities 12/40, reading the catalog${ESC}[2m (1.3 s)${ESC}[22m`)).toBe(true);
    loading.end();
    catalog.end();
    h.display.stop();
    expect(h.written().endsWith(`\r${ESC}[2K`)).toBe(true);
    expect(h.timerRunning()).toBe(false);
    expect(h.written()).not.toContain("\n"); // never a line of its own
  });

  it("moves out of the way of other output and comes back after it", () => {
    const h = harness("live");
    startPhase(h.display.listener, "comparing");
    h.advance(300);
    let whenWriting = "";
    h.display.around(() => (whenWriting = h.written()));
    // The line was cleared before the output was written...
    expect(whenWriting.endsWith(`\r${ESC}[2K`)).toBe(true);
    // ...and drawn again after it.
    expect(h.written().endsWith(`\r${ESC}[2Kcomparing${ESC}[2m (0.3 s)${ESC}[22m`)).toBe(true);
  });

  it("gives way to a question while it is open", () => {
    const h = harness("live");
    startPhase(h.display.listener, "comparing");
    h.advance(300);
    const asking = startPhase(h.display.listener, "waitingForAnswer");
    expect(h.written().endsWith(`\r${ESC}[2K`)).toBe(true);
    const cleared = h.written();
    h.advance(2000);
    expect(h.written()).toBe(cleared);
    asking.end();
    expect(h.written().endsWith(`comparing${ESC}[2m (2.3 s)${ESC}[22m`)).toBe(true);
  });

  it("fits the terminal's width, so the line never wraps", () => {
    const h = harness("live", true, 40);
    startPhase(h.display.listener, "applying", { total: 3, done: 1, item: "427c6311a360 (initial schema with a long message)" });
    h.advance(300);
    const last = h.written().split(`\r${ESC}[2K`).pop()!.replace(/\u001b\[\d+m/g, "");
    expect(last).toBe("applying revision 1 of 3: 427c… (0.3 s)");
    expect([...last].length).toBe(39);
  });

  it("with NO_COLOR writes no escape sequence: carriage returns and spaces only", () => {
    const h = harness("live", false);
    const loading = startPhase(h.display.listener, "loadingEntities", { total: 40 });
    h.advance(300);
    loading.advance(12);
    startPhase(h.display.listener, "readingCatalog").end();
    h.advance(200);
    loading.end();
    h.display.stop();
    const out = h.written();
    expect(out).not.toContain(ESC);
    expect(out).toContain("\rloading entities 12/40 (0.3 s)");
    // Cleared by overwriting the last line with spaces.
    const lastLine = "loading entities 12/40 (0.5 s)";
    expect(out.endsWith(`\r${lastLine}\r${" ".repeat(lastLine.length)}\r`)).toBe(true);
  });

  it("shows nothing once muted (--quiet)", () => {
    const h = harness("live");
    h.display.mute();
    expect(h.display.listener).toBeUndefined();
    expect(h.display.muted).toBe(true);
    h.advance(2000);
    expect(h.written()).toBe("");
  });
});

describe("a line per slow phase (no terminal)", () => {
  it("writes one plain line when a phase that took over a second ends, none for quick ones", () => {
    const h = harness("lines");
    const loading = startPhase(h.display.listener, "loadingEntities", { total: 2 });
    const catalog = startPhase(h.display.listener, "readingCatalog");
    h.advance(400);
    catalog.end();
    loading.advance(1);
    h.advance(900);
    loading.advance(2);
    loading.end();
    const applying = startPhase(h.display.listener, "applying", { total: 5, done: 1, item: "a1 (first)" });
    h.advance(2500);
    applying.advance(2, "b2");
    applying.end();
    const asking = startPhase(h.display.listener, "waitingForAnswer");
    h.advance(5000);
    asking.end();
    h.display.stop();
    expect(h.written()).toBe("Loading 2 entity files took 1.3 s\nApplying 2 revisions took 2.5 s\n");
    expect(h.timerRunning()).toBe(false);
  });

  it("none after mute (--quiet)", () => {
    const h = harness("lines");
    h.display.mute();
    expect(h.display.listener).toBeUndefined();
  });
});

describe("texts", () => {
  it("say the phase, how far it got and on what", () => {
    expect(progressText("loadingEntities", 12, 40)).toBe("loading entities 12/40");
    expect(progressText("applying", 2, 5, "3f2a9c1d7e4b (add users)")).toBe("applying revision 2 of 5: 3f2a9c1d7e4b (add users)");
    expect(progressText("testing", 1, 4, "has exactly one head")).toBe("testing 1 of 4: has exactly one head");
    expect(progressSummary("applying", 1, 5)).toBe("applying 1 revision");
    expect(progressSummary("loadingEntities", 40, 40)).toBe("loading 40 entity files");
    expect(progressSummary("readingCatalog")).toBe("reading the catalog");
  });

  it("a listener that throws does not stop the work", () => {
    const phase = startPhase(() => {
      throw new Error("listener bug");
    }, "comparing");
    expect(() => phase.end()).not.toThrow();
  });
});
