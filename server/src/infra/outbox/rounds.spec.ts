import { Rounds } from "./rounds";

/** A round that waits until released, counting how many ran and how many ran at once. */
function gatedRounds() {
  const state = { started: 0, concurrent: 0, maxConcurrent: 0, release: [] as Array<() => void> };
  const rounds = new Rounds(async () => {
    state.started++;
    state.concurrent++;
    state.maxConcurrent = Math.max(state.maxConcurrent, state.concurrent);
    await new Promise<void>((resolve) => state.release.push(resolve));
    state.concurrent--;
  }, 60_000);
  const releaseAll = async () => {
    while (state.release.length) {
      state.release.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { rounds, state, releaseAll };
}

describe("Rounds", () => {
  it("runs one round at a time; kicks during a round cause exactly one more", async () => {
    const { rounds, state, releaseAll } = gatedRounds();
    rounds.start();
    rounds.kick();
    rounds.kick();
    rounds.kick();
    expect(state.started).toBe(1);
    await releaseAll();
    await releaseAll();
    await rounds.idle();
    expect(state.started).toBe(2);
    expect(state.maxConcurrent).toBe(1);
    await rounds.stop();
  });

  it("runNow waits for the running round and runs one more, alone", async () => {
    const { rounds, state, releaseAll } = gatedRounds();
    rounds.start();
    const now = rounds.runNow();
    await releaseAll();
    await releaseAll();
    await now;
    expect(state.started).toBe(2);
    expect(state.maxConcurrent).toBe(1);
    await rounds.stop();
  });

  it("stop waits for the running round and ignores later kicks", async () => {
    const { rounds, state, releaseAll } = gatedRounds();
    rounds.start();
    const stopped = rounds.stop();
    rounds.kick();
    await releaseAll();
    await stopped;
    rounds.kick();
    expect(state.started).toBe(1);
    expect(rounds.isStopped).toBe(true);
  });
});
