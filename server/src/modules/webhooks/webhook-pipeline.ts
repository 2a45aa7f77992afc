import { Database } from "../../infra/db/database";
import { Logger } from "../../infra/logging/logger";
import { OutboxDispatcher } from "../../infra/outbox/outbox";
import { Rounds } from "../../infra/outbox/rounds";
import { INSTANCE_ID } from "../../infra/instance";
import { WebhookService } from "./webhook.service";

/**
 * After a commit, how long the planner waits for more before a round: webhooks need no 25 ms
 * latency, and under load one round then plans many orders' events (each round takes and gives
 * back a lease on each of its two logs).
 */
const PLANNER_SETTLE_MS = 100;

export interface WebhookPipelineOptions {
  /** How often the planner and the sender look again, besides after every commit (default 1 s). */
  pollMs?: number;
  /** This server instance: the planner reads each log under a lease in its name (default INSTANCE_ID). */
  owner?: string;
}

/**
 * Runs webhooks: a planner (an OutboxDispatcher of its own over order_event and stock_movement,
 * with its own read positions, so a slow receiver never holds subscriptions or e-mail back) and a
 * sender that tries due deliveries after each planning round and every `pollMs`.
 */
export class WebhookPipeline {
  private readonly planner: OutboxDispatcher;
  private readonly sender: Rounds;
  private abort = new AbortController();

  constructor(
    db: Database,
    private readonly webhooks: WebhookService,
    private readonly logger: Logger,
    private readonly options: WebhookPipelineOptions = {},
  ) {
    this.sender = new Rounds(() => this.round(), options.pollMs ?? 1000);
    this.planner = new OutboxDispatcher(
      webhooks.sources(),
      {
        deliver: async (messages) => {
          if ((await this.webhooks.plan(messages)) > 0) this.kick();
        },
      },
      logger,
      options.pollMs ?? 1000,
      PLANNER_SETTLE_MS,
      // With several instances, one at a time plans from each log.
      { db, owner: options.owner ?? INSTANCE_ID },
    );
    // A commit may bring events to plan; the sender is kicked by what adds deliveries (planning, a
    // test event, a redelivery) and polls every pollMs for retries that came due: claiming after
    // every commit cost two round trips per order with nothing to send.
    db.onCommit(() => this.planner.kick());
    webhooks.onDeliveryAdded(() => this.kick());
  }

  start(): void {
    this.abort = new AbortController();
    this.planner.start();
    this.sender.start();
  }

  /** Sends what is due soon; kicks during a round cause one more round. */
  kick(): void {
    this.sender.kick();
  }

  private async round(): Promise<void> {
    try {
      while ((await this.webhooks.sendDue(this.logger, this.abort.signal)) > 0 && !this.sender.isStopped) {
        // A round that sent something may have unblocked an order's next event: look again.
      }
    } catch (error) {
      this.logger.error({ err: error }, "webhook round failed");
    }
  }

  /** Plans everything committed and sends everything due now (tests, with their clock moved). */
  async flush(): Promise<void> {
    await this.planner.flush();
    await this.sender.runNow();
  }

  /**
   * Stops. An attempt in flight is abandoned unrecorded, as in a crash: its lease runs out and the
   * next start sends it again under the same webhook-id.
   */
  async stop(): Promise<void> {
    const senderStopped = this.sender.stop();
    this.abort.abort();
    await this.planner.stop();
    await senderStopped;
  }
}
