/**
 * One round of work at a time, for the delivery loops (the outbox, customer e-mail, webhooks): a
 * kick while a round runs asks for exactly one more after it, and a timer kicks every `pollMs` as
 * a safety net. Rounds never overlap.
 */
export class Rounds {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;

  constructor(
    private readonly round: () => Promise<void>,
    private readonly pollMs: number,
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** A round now, or one more after the running one. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.round().finally(() => this.finished());
  }

  /** Asks for one more round after the running one (a round that found more to do). */
  another(): void {
    this.again = true;
  }

  /**
   * Runs one round now (or `work` in its place, e.g. a forced drain), after the running one and
   * with none beside it, even while stopped (tests, flush).
   */
  async runNow(work: () => Promise<void> = this.round): Promise<void> {
    await this.idle();
    this.running = work().finally(() => this.finished());
    await this.idle();
  }

  /** Resolves when no round runs. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops kicking and waits for the running round. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.idle();
  }

  private finished(): void {
    this.running = undefined;
    if (this.again) {
      this.again = false;
      this.kick();
    }
  }
}
