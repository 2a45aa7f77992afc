import { useApolloClient } from "@apollo/client/react";
import { useEffect, useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { FormActions } from "../../../app/ui/FormActions";
import { userErrorText } from "../../../app/user-errors";
import {
  useBulkResolutionProgressSubscription,
  useBulkResolutionSummaryQuery,
  useStartBulkResolutionMutation,
  type OrdersWithoutStockFilter,
  type RefundDestination,
  type Resolution,
} from "../../../generated/graphql";
import { refreshAfterStockChange } from "../live";
import { REFUND_DESTINATIONS } from "../resolutions";
import { ResolutionOptions } from "./ResolutionOptions";

/** The server's limit on one bulk resolution (MAX_BULK_ORDERS). */
export const MAX_BULK_ORDERS = 5000;
const BULK_RESOLUTIONS: Resolution[] = ["WAIT_FOR_RESTOCK", "SHIP_AVAILABLE", "CANCEL"];

/** The orders to resolve: those selected, or every order the queue's filter matches. */
export type BulkTarget = { orderIds: string[] } | { filter: OrdersWithoutStockFilter; count: number };

type Props = {
  target: BulkTarget | null;
  onClose: () => void;
  /** The job started: the selection is spent. */
  onStarted: () => void;
};

/**
 * One resolution for many orders: the choice (with the refund's destination and the reason), then
 * the job's live progress (each order its own transaction on the server), then the summary: how
 * many were resolved and which were refused, grouped by reason, each linking to its order.
 */
export function BulkResolveDialog({ target, onClose, onStarted }: Props) {
  const { t } = useTranslation();
  const [jobId, setJobId] = useState<string | null>(null);
  const count = target === null ? 0 : "orderIds" in target ? target.orderIds.length : target.count;
  const close = () => {
    setJobId(null);
    onClose();
  };
  return (
    <Dialog title={t("stockouts.bulk.title", { count })} open={target !== null} onClose={close} testId="bulk-dialog" size="wide">
      {target !== null &&
        (jobId === null ? (
          <BulkForm
            target={target}
            count={count}
            onCancel={close}
            onStarted={(id) => {
              setJobId(id);
              onStarted();
            }}
          />
        ) : (
          <BulkProgress jobId={jobId} onClose={close} />
        ))}
    </Dialog>
  );
}

function BulkForm({ target, count, onCancel, onStarted }: { target: BulkTarget; count: number; onCancel: () => void; onStarted: (jobId: string) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [resolution, setResolution] = useState<Resolution | null>(null);
  const [refundTo, setRefundTo] = useState<RefundDestination | null>(null);
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<string[]>([]);
  const [start, { loading }] = useStartBulkResolutionMutation();
  const refunding = resolution === "SHIP_AVAILABLE" || resolution === "CANCEL";

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problems: string[] = [];
    if (resolution === null) problems.push(t("resolve.chooseFirst"));
    if (refunding && refundTo === null) problems.push(t("resolve.refundToRequired"));
    if (resolution === "CANCEL" && !note.trim()) problems.push(t("resolve.reasonRequired"));
    setErrors(problems);
    if (problems.length || resolution === null) return;
    const orders = "orderIds" in target ? { orderIds: target.orderIds } : { filter: target.filter };
    const result = await start({ variables: { input: { ...orders, resolution, refundTo: refunding ? refundTo : null, note: note.trim() || null } } });
    const payload = result.data?.startBulkResolution;
    if (payload?.userErrors.length) {
      setErrors(payload.userErrors.map((error) => (error.code === "TOO_MANY_ITEMS" ? t("stockouts.bulk.limit", { limit: MAX_BULK_ORDERS }) : userErrorText(error, t))));
      return;
    }
    if (payload?.job) onStarted(payload.job.id);
  }

  return (
    <form className="resolve-form" onSubmit={(event) => void submit(event)} noValidate>
      <p>{t("stockouts.bulk.intro", { count })}</p>
      <ResolutionOptions options={BULK_RESOLUTIONS} value={resolution} onChange={setResolution} idPrefix={ids} testIdPrefix="bulk-resolution" />
      {refunding && (
        <fieldset className="resolve-destinations">
          <legend className="resolve-form__legend">{t("resolve.refundToLegend")}</legend>
          {REFUND_DESTINATIONS.map((option) => (
            <label key={option} className="option-card option-card--compact">
              <input
                type="radio"
                className="option-card__input"
                name={`${ids}-refund-to`}
                value={option}
                checked={refundTo === option}
                onChange={() => setRefundTo(option)}
                data-testid={`bulk-refund-to-${option}`}
              />
              <span className="option-card__text">
                <span className="option-card__title">{t(`resolve.refundTo.${option}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {resolution !== null && (
        <Field label={resolution === "CANCEL" ? t("resolve.reason") : `${t("resolve.note")} (${t("common.optional")})`} testId="bulk-note">
          {(control) => (
            <textarea
              {...control}
              className="input resolve-form__text"
              rows={2}
              maxLength={500}
              required={resolution === "CANCEL"}
              placeholder={resolution === "CANCEL" ? t("resolve.reasonPlaceholder") : t("resolve.notePlaceholder")}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              data-testid="bulk-note"
            />
          )}
        </Field>
      )}
      {errors.length > 0 && (
        <div className="alert alert--danger" role="alert" data-testid="bulk-error">
          {errors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      <FormActions submitLabel={t("stockouts.bulk.apply", { count })} busyLabel={t("stockouts.bulk.starting")} busy={loading} submitTestId="bulk-apply" onCancel={onCancel} />
    </form>
  );
}

function BulkProgress({ jobId, onClose }: { jobId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useApolloClient();
  const { data } = useBulkResolutionProgressSubscription({ variables: { id: jobId } });
  const job = data?.bulkResolutionProgress ?? null;
  // FINISHED, or INTERRUPTED (the server running it stopped): either way the job ends here.
  const finished = job !== null && job.status !== "RUNNING";
  const summary = useBulkResolutionSummaryQuery({ variables: { id: jobId }, skip: !finished, fetchPolicy: "network-only" }).data?.bulkResolution ?? null;
  // The queue and the counts are read again once the orders changed.
  useEffect(() => {
    if (finished) refreshAfterStockChange(client.cache, { orders: "all" });
  }, [finished, client]);
  const processed = job ? job.doneCount + job.refusedCount : 0;

  return (
    <div className="bulk-summary" data-testid="bulk-progress" data-status={job?.status ?? "STARTING"}>
      <progress className="bulk-progress" max={job?.total ?? 1} value={processed} aria-label={t("stockouts.bulk.progressLabel")} />
      <p aria-live="polite" data-testid="bulk-counts" data-done={job?.doneCount ?? 0} data-refused={job?.refusedCount ?? 0} data-total={job?.total ?? 0}>
        {job
          ? t(job.status === "INTERRUPTED" ? "stockouts.bulk.interrupted" : finished ? "stockouts.bulk.finished" : "stockouts.bulk.running", { processed, total: job.total, done: job.doneCount, refused: job.refusedCount })
          : t("stockouts.bulk.starting")}
      </p>
      {finished && summary && (
        <section data-testid="bulk-summary">
          <h3>{t("stockouts.bulk.summaryTitle")}</h3>
          <p>{t("stockouts.bulk.resolved", { count: summary.doneCount })}</p>
          {summary.refusals.length === 0 ? (
            <p>{t("stockouts.bulk.noRefusals")}</p>
          ) : (
            summary.refusals.map((group) => (
              <div key={group.code} className="bulk-summary__group" data-testid="bulk-refusal-group" data-code={group.code}>
                <h4>
                  {userErrorText({ field: null, code: group.code, message: group.orders[0]?.message ?? group.code }, t)} ({group.count})
                </h4>
                <ul className="bulk-summary__orders">
                  {group.orders.map((order) => (
                    <li key={order.orderId} data-testid="bulk-refused-order">
                      {order.number !== null ? <Link to={`/orders/${order.orderId}`}>{t("orders.number", { number: order.number })}</Link> : t("stockouts.bulk.unknownOrder")}
                    </li>
                  ))}
                </ul>
              </div>
            ))
          )}
        </section>
      )}
      <div className="adjust-form__actions">
        <button type="button" className="button button--primary" onClick={onClose} data-testid="bulk-close">
          {finished ? t("common.close") : t("stockouts.bulk.hide")}
        </button>
      </div>
    </div>
  );
}
