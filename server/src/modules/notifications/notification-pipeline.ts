import { Database } from "../../infra/db/database";
import { Logger } from "../../infra/logging/logger";
import { Mailer } from "../../infra/mail/mailer";
import { OutboxDispatcher } from "../../infra/outbox/outbox";
import { Rounds } from "../../infra/outbox/rounds";
import { INSTANCE_ID } from "../../infra/instance";
import { NotificationService } from "./notification.service";

/**
 * After a commit, how long the planner waits for more before a round: e-mail needs no 25 ms
 * latency, and under load one round then plans many orders' messages (each round takes and gives
 * back a lease on each of its two logs, and reads the shop's settings once).
 */
const PLANNER_SETTLE_MS = 100;

export interface PipelineOptions {
  /** How often the planner and the sender look again, besides after every commit (default 1 s). */
  pollMs?: number;
  /** This server instance: the planner reads each log under a lease in its name (default INSTANCE_ID). */
  owner?: string;
  /** Plan only, send nothing (tests stop a server with messages pending). */
  send?: boolean;
}

/**
 * Runs customer e-mail: a planner (an OutboxDispatcher of its own over order_event and
 * outbox_message, with its own read positions, so a slow SMTP server never holds subscriptions
 * back) and a sender that takes due messages after each planning round and every `pollMs`, and
 * plans the refund link reminders that came due.
 */
export class NotificationPipeline {
  private readonly planner: OutboxDispatcher;
  private readonly sender: Rounds;
  private sendEnabled: boolean;

  constructor(
    private readonly db: Database,
    private readonly notifications: NotificationService,
    private readonly mailer: Mailer,
    private readonly logger: Logger,
    private readonly options: PipelineOptions = {},
  ) {
    this.sendEnabled = options.send !== false;
    this.sender = new Rounds(() => this.round(), options.pollMs ?? 1000);
    this.planner = new OutboxDispatcher(
      // Links first: a cancellation's message then finds its refund link's copy in most rounds.
      [notifications.linksSource(), notifications.eventsSource()],
      {
        deliver: async (messages) => {
          if ((await this.notifications.plan(messages)) > 0) this.kick();
        },
      },
      logger,
      options.pollMs ?? 1000,
      PLANNER_SETTLE_MS,
      // With several instances, one at a time plans from each log.
      { db, owner: options.owner ?? INSTANCE_ID },
    );
    db.onCommit(() => this.planner.kick());
  }

  start(): void {
    this.planner.start();
    this.sender.start();
  }

  /** Sends what is due soon; kicks during a round cause one more round. */
  kick(): void {
    this.sender.kick();
  }

  private async round(): Promise<void> {
    try {
      if ((await this.notifications.planDueReminders()) > 0) this.sender.another();
      if (this.sendEnabled) await this.notifications.sendDue(this.mailer, this.logger, () => this.sender.isStopped);
    } catch (error) {
      this.logger.error({ err: error }, "customer e-mail round failed");
    }
  }

  /** Plans everything committed and sends everything due now (tests). */
  async flush(): Promise<void> {
    await this.planner.flush();
    await this.sender.runNow();
  }

  /** Stops after the message being sent, if any: the rest stays pending for the next start. */
  async stop(): Promise<void> {
    const senderStopped = this.sender.stop();
    await this.planner.stop();
    await senderStopped;
    this.mailer.close();
  }
}
