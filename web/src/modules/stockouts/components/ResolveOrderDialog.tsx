import type { ApolloCache } from "@apollo/client";
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { currencyFractionDigits, useFormat } from "../../../app/format";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import { requestFailureText } from "../../../app/request-failure";
import { errorsByField, userErrorText } from "../../../app/user-errors";
import {
  useCancelOrderMutation,
  useHoldOrderForRestockMutation,
  useOrderDetailLazyQuery,
  useResolutionPreviewQuery,
  useShipAvailableItemsMutation,
  type OrderDetailFieldsFragment,
  type ApologyCouponInput,
  type CouponFieldsFragment,
  type RefundDestination,
  type RefundFieldsFragment,
  type Resolution,
  type ResolutionPreviewQuery,
  type ResolveOrderResultFragment,
  type UserErrorFieldsFragment,
} from "../../../generated/graphql";
import { ApologyCouponFields } from "../../coupons/ApologyCouponFields";
import { couponInput, EMPTY_COUPON_DRAFT, type CouponDraft } from "../../coupons/limits";
import { OrderChangedNotice } from "./OrderChangedNotice";
import { RefundDestinationField, useRefundDestination } from "./RefundDestinationField";
import { ResolutionOptions } from "./ResolutionOptions";
import { SubstitutePanel } from "./SubstitutePanel";
import { refreshAfterStockChange } from "../live";
import { offeredResolutions, refundsMoney, type ResolvableOrder } from "../resolutions";
import "./ResolveOrderDialog.css";

/** What the page shows once an order is resolved (see ResolveSuccess). */
export type ResolvedOrder = {
  resolution: Resolution;
  order: OrderDetailFieldsFragment;
  refund: RefundFieldsFragment | null;
  /** The apology coupon issued with the resolution, if the merchant offered one. */
  apologyCoupon?: CouponFieldsFragment | null;
  /** The customer's refund link made with the refund (a refund to the customer): shown this once. */
  refundLink?: string | null;
  /** "Produto equivalente" offered to the customer rather than substituted now. */
  offered?: boolean;
};

type ResolveField = "refundTo" | "reason" | "note" | "apologyCoupon.value" | "apologyCoupon.validDays";
const FIELDS: readonly ResolveField[] = ["refundTo", "reason", "note", "apologyCoupon.value", "apologyCoupon.validDays"];

/** Refusals that mean the order is no longer what the dialog shows: someone else changed it. */
const ORDER_CHANGED = new Set<string>(["INVALID_TRANSITION", "NOTHING_ALLOCATED", "CUSTOMER_CHOSE", "ALREADY_SHIPPED"]);
const orderChanged = (errors: readonly UserErrorFieldsFragment[]) => errors.some((e) => ORDER_CHANGED.has(e.code));

type Props = {
  /** The order to resolve; null keeps the dialog closed. */
  order: ResolvableOrder | null;
  onClose: () => void;
  onResolved: (result: ResolvedOrder) => void;
};

/**
 * "Resolver": wait for restock, ship what is available, cancel, or an equivalent product
 * (SubstitutePanel), with the server's preview of exactly what each one does before the merchant
 * confirms. Used by the queue and the order page.
 */
export function ResolveOrderDialog({ order, onClose, onResolved }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={order ? t("resolve.title", { number: order.number }) : ""}
      open={order !== null}
      onClose={onClose}
      size="wide"
      testId="resolve-dialog"
    >
      {/* Keyed by order: a fresh form every time the dialog opens. */}
      {order && <ResolveOrderForm key={order.id} order={order} onCancel={onClose} onResolved={onResolved} />}
    </Dialog>
  );
}

function ResolveOrderForm({
  order,
  onCancel,
  onResolved,
}: {
  order: ResolvableOrder;
  onCancel: () => void;
  onResolved: (result: ResolvedOrder) => void;
}) {
  const { t } = useTranslation();
  const ids = useId();
  // The order as it is now, once it turned out to have changed since the dialog opened (resolved in
  // another window, resumed by a restock): the dialog then says what happened and starts over from it.
  const [changed, setChanged] = useState<OrderDetailFieldsFragment | null>(null);
  const [checking, setChecking] = useState(false);
  const [loadOrder, { client }] = useOrderDetailLazyQuery({ fetchPolicy: "network-only" });
  const options = offeredResolutions(changed ?? order);
  const [resolution, setResolution] = useState<Resolution | null>(null);
  const [reason, setReason] = useState("");
  const [note, setNote] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<ResolveField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const [couponDraft, setCouponDraft] = useState<CouponDraft>(EMPTY_COUPON_DRAFT);
  const couponValueRef = useRef<HTMLInputElement>(null);
  const couponDaysRef = useRef<HTMLInputElement>(null);
  // Who receives the refund, and the shop's account for "Reembolso ao lojista".
  const destination = useRefundDestination(resolution !== null && refundsMoney(resolution));

  // "Produto equivalente" needs a line and a sku first: SubstitutePanel previews it.
  const substituting = resolution === "SUBSTITUTE";
  const preview = useResolutionPreviewQuery({
    variables: { orderId: order.id, resolution: resolution ?? "CANCEL" },
    skip: resolution === null || substituting,
    // Always what the server would do now: stock and the order may have changed a second ago.
    fetchPolicy: "network-only",
  });
  const previewData = preview.data?.resolutionPreview;
  const current = previewData && previewData.resolution === resolution ? previewData : null;
  const refused = (current?.userErrors.length ?? 0) > 0;
  const currency = current?.refundAmount.currency ?? "BRL";

  /**
   * Reads the order again and shows it as it is now: what happened to it (who, when), its status,
   * and only the resolutions still possible. The outdated preview and choice go.
   */
  async function showOrderAsItIsNow(): Promise<boolean> {
    setChecking(true);
    try {
      const { data } = await loadOrder({ variables: { id: order.id } });
      if (!data?.order) return false;
      setChanged(data.order);
      setResolution(null);
      destination.reset();
      setFieldErrors({});
      setFormErrors([]);
      return true;
    } catch {
      return false;
    } finally {
      setChecking(false);
    }
  }

  // The preview may be the first to find out (the order changed before the merchant chose).
  const previewSaysChanged = !!current && orderChanged(current.userErrors);
  useEffect(() => {
    if (previewSaysChanged) void showOrderAsItIsNow();
    // Once per refusal, not on every render of the function.
  }, [previewSaysChanged]);

  // Or a live update of the order the page shows (the order page follows its order), unless it
  // is this window's own resolution arriving.
  const openedAs = useRef(order.status);
  const submitting = useRef(false);
  useEffect(() => {
    if (order.status !== openedAs.current && changed === null && !submitting.current) void showOrderAsItIsNow();
    // Only when the status changes.
  }, [order.status]);

  // The order updates from the payload (same fields as its page); once it is resolved, the
  // lists are read again (the queue, the sidebar count).
  const afterSuccess = (cache: ApolloCache, payload: ResolveOrderResultFragment | undefined) => {
    if (payload && payload.userErrors.length === 0) refreshAfterStockChange(cache);
  };
  const [holdOrder, hold] = useHoldOrderForRestockMutation({
    update: (cache, { data }) => afterSuccess(cache, data?.holdOrderForRestock),
  });
  const [shipAvailable, ship] = useShipAvailableItemsMutation({
    update: (cache, { data }) => afterSuccess(cache, data?.shipAvailableItems),
  });
  const [cancelOrder, cancel] = useCancelOrderMutation({
    update: (cache, { data }) => afterSuccess(cache, data?.cancelOrder),
  });
  const saving = hold.loading || ship.loading || cancel.loading || destination.saving;

  function choose(next: Resolution) {
    setResolution(next);
    setFieldErrors({});
    setFormErrors([]);
  }

  async function run(
    chosen: Resolution,
    refundTo: RefundDestination | null,
    apologyCoupon: ApologyCouponInput | null,
  ): Promise<ResolveOrderResultFragment | undefined> {
    const noteText = note.trim() || undefined;
    switch (chosen) {
      case "WAIT_FOR_RESTOCK":
        return (await holdOrder({ variables: { orderId: order.id, note: noteText } })).data?.holdOrderForRestock;
      case "SHIP_AVAILABLE":
        return (await shipAvailable({ variables: { orderId: order.id, refundTo: refundTo!, note: noteText, apologyCoupon } })).data
          ?.shipAvailableItems;
      case "CANCEL":
        return (await cancelOrder({ variables: { orderId: order.id, refundTo: refundTo!, reason: reason.trim(), apologyCoupon } })).data
          ?.cancelOrder;
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (resolution === null || resolution === "SUBSTITUTE" || refused || saving || checking) return;
    const invalid: Partial<Record<ResolveField, string>> = {};
    if (resolution === "CANCEL" && !reason.trim()) invalid.reason = t("resolve.reasonRequired");
    const coupon = couponOffered ? couponInput(couponDraft, currencyFractionDigits(currency)) : { input: null, problems: [] };
    for (const problem of coupon.problems) invalid[problem.field] = problem.values ? t(problem.key, problem.values) : t(problem.key);
    setFieldErrors(invalid);
    setFormErrors([]);
    if (invalid.reason) return reasonRef.current?.focus();
    if (invalid["apologyCoupon.value"]) return couponValueRef.current?.focus();
    if (invalid["apologyCoupon.validDays"]) return couponDaysRef.current?.focus();

    submitting.current = true;
    try {
      // Who receives the refund, and the shop's account first when it is asked for here.
      const prepared = await destination.prepare();
      if (!prepared.ok) return setFormErrors(prepared.form);
      const result = await run(resolution, destination.refundTo, coupon.input);
      if (result?.order && result.userErrors.length === 0) {
        onResolved({
          resolution,
          order: result.order,
          refund: result.refund ?? null,
          apologyCoupon: result.apologyCoupon ?? null,
          refundLink: result.refundLink ?? null,
        });
        return;
      }
      const userErrors = result?.userErrors ?? [];
      if (orderChanged(userErrors) && (await showOrderAsItIsNow())) {
        refreshAfterStockChange(client.cache);
        return;
      }
      const errors = errorsByField(userErrors, FIELDS, t);
      setFieldErrors(errors.fields);
      destination.setError(errors.fields.refundTo ?? null);
      setFormErrors(errors.form.length || Object.keys(errors.fields).length ? errors.form : [t("resolve.failed")]);
    } catch (error) {
      setFormErrors([requestFailureText(error, t, t("resolve.failed"))]);
    } finally {
      submitting.current = false;
    }
  }

  const needsRefund = resolution !== null && refundsMoney(resolution);
  // Cancelling or shipping what is available lets the customer down: an apology coupon may go with it.
  const couponOffered = needsRefund && couponDraft.offer;

  return (
    <form className="resolve-form" onSubmit={submit} noValidate>
      {changed && <OrderChangedNotice order={changed} stillResolvable={options.length > 0} />}
      {options.length > 0 && (
        <ResolutionOptions options={options} value={resolution} onChange={choose} idPrefix={ids} testIdPrefix="resolution" />
      )}

      {substituting && (
        <SubstitutePanel
          orderId={order.id}
          onResolved={onResolved}
          onOrderChanged={async (userErrors) => {
            if (!orderChanged(userErrors) || !(await showOrderAsItIsNow())) return false;
            refreshAfterStockChange(client.cache);
            return true;
          }}
        />
      )}

      {resolution !== null && !substituting && (
        <ResolutionPreviewPanel
          loading={preview.loading && !current}
          failed={!!preview.error && !current}
          preview={current}
          onRetry={() => void preview.refetch()}
        />
      )}

      {formErrors.length > 0 && (
        <div className="alert alert--danger" role="alert" data-testid="resolve-error">
          {formErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}

      {resolution !== null && !substituting && !refused && (
        <>
          {needsRefund && <RefundDestinationField destination={destination} />}

          {resolution === "CANCEL" ? (
            <Field label={t("resolve.reason")} error={fieldErrors.reason} testId="resolve-reason">
              {(control) => (
                <textarea
                  {...control}
                  ref={reasonRef}
                  className="input resolve-form__text"
                  rows={3}
                  maxLength={500}
                  required
                  placeholder={t("resolve.reasonPlaceholder")}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                  data-testid="resolve-reason"
                />
              )}
            </Field>
          ) : (
            <Field label={`${t("resolve.note")} (${t("common.optional")})`} error={fieldErrors.note} testId="resolve-note">
              {(control) => (
                <textarea
                  {...control}
                  className="input resolve-form__text"
                  rows={2}
                  maxLength={500}
                  placeholder={t("resolve.notePlaceholder")}
                  value={note}
                  onChange={(event) => setNote(event.target.value)}
                  data-testid="resolve-note"
                />
              )}
            </Field>
          )}

          {needsRefund && (
            <ApologyCouponFields
              draft={couponDraft}
              onChange={(draft) => {
                setCouponDraft(draft);
                setFieldErrors(({ "apologyCoupon.value": _v, "apologyCoupon.validDays": _d, ...rest }) => rest);
              }}
              errors={{ value: fieldErrors["apologyCoupon.value"], validDays: fieldErrors["apologyCoupon.validDays"] }}
              currency={currency}
              valueRef={couponValueRef}
              validDaysRef={couponDaysRef}
            />
          )}
        </>
      )}

      <div className="resolve-form__actions">
        {resolution === null && options.length > 0 && <p className="muted resolve-form__hint">{t("resolve.chooseFirst")}</p>}
        <button type="button" className="button" onClick={onCancel}>
          {options.length > 0 ? t("resolve.back") : t("common.close")}
        </button>
        {options.length > 0 && !substituting && (
          <button
            type="submit"
            className={`button ${resolution === "CANCEL" ? "button--danger" : "button--primary"}`}
            disabled={resolution === null || refused || !current || saving || checking || !destination.ready}
            data-testid="resolve-confirm"
          >
            {saving ? t("resolve.submitting") : resolution ? t(`resolve.confirm.${resolution}`) : t("resolve.confirmNone")}
          </button>
        )}
      </div>
    </form>
  );
}

type Preview = ResolutionPreviewQuery["resolutionPreview"];

function ResolutionPreviewPanel({
  loading,
  failed,
  preview,
  onRetry,
}: {
  loading: boolean;
  failed: boolean;
  preview: Preview | null;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const titleId = useId();
  const column = {
    item: t("resolve.columns.item"),
    keep: t("resolve.columns.keep"),
    cancel: t("resolve.columns.cancel"),
    release: t("resolve.columns.release"),
    refund: t("resolve.columns.refund"),
  };

  return (
    <section className="resolve-preview" aria-labelledby={titleId} aria-live="polite" aria-busy={loading} data-testid="resolve-preview">
      <h3 id={titleId} className="resolve-preview__title">
        {t("resolve.previewTitle")}
      </h3>
      {loading ? (
        <p className="muted">{t("resolve.previewLoading")}</p>
      ) : failed || !preview ? (
        <div className="alert alert--danger" role="alert">
          <p>{t("resolve.previewFailed")}</p>
          <button type="button" className="button button--small resolve-preview__retry" onClick={onRetry}>
            {t("common.retry")}
          </button>
        </div>
      ) : preview.userErrors.length > 0 ? (
        <div className="alert alert--danger" role="alert" data-testid="resolve-preview-error">
          {preview.userErrors.map((error) => (
            <p key={`${error.code}:${error.field ?? ""}`} data-code={error.code}>
              {userErrorText(error, t)}
            </p>
          ))}
        </div>
      ) : (
        <>
          <div className="table-scroll">
            <table className="table table--stack resolve-preview__table">
              <thead>
                <tr>
                  <th scope="col">{column.item}</th>
                  <th scope="col" className="numeric">{column.keep}</th>
                  <th scope="col" className="numeric">{column.cancel}</th>
                  <th scope="col" className="numeric">{column.release}</th>
                  <th scope="col" className="numeric">{column.refund}</th>
                </tr>
              </thead>
              <tbody>
                {preview.lines.map((line) => (
                  <tr key={line.orderLine.id} data-testid="resolve-preview-line" data-sku-code={line.orderLine.skuCode}>
                    <td data-label={column.item}>
                      <span className="mono">{line.orderLine.skuCode}</span>
                      <span className="resolve-preview__name">{line.orderLine.name}</span>
                    </td>
                    <td data-label={column.keep} className="numeric" data-testid="preview-keep">
                      {format.number(line.keepQuantity)}
                    </td>
                    <td
                      data-label={column.cancel}
                      className={`numeric${line.cancelQuantity > 0 ? " resolve-preview__changed" : ""}`}
                      data-testid="preview-cancel"
                    >
                      {format.number(line.cancelQuantity)}
                    </td>
                    <td
                      data-label={column.release}
                      className={`numeric${line.releaseQuantity > 0 ? " resolve-preview__changed" : ""}`}
                      data-testid="preview-release"
                    >
                      {format.number(line.releaseQuantity)}
                    </td>
                    <td data-label={column.refund} className="numeric" data-testid="preview-refund">
                      {format.money(line.refundAmount)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <dl className="resolve-preview__totals">
            {preview.refundShippingAmount.amount > 0 && (
              <div>
                <dt>{t("resolve.refundShipping")}</dt>
                <dd className="numeric">{format.money(preview.refundShippingAmount)}</dd>
              </div>
            )}
            <div className="resolve-preview__total">
              <dt>{t("resolve.refundTotal")}</dt>
              <dd className="numeric" data-testid="resolve-refund-total">
                {format.money(preview.refundAmount)}
              </dd>
            </div>
            {preview.resultingStatus && (
              <div>
                <dt>{t("resolve.resultingStatus")}</dt>
                <dd data-testid="resolve-resulting-status">
                  <StatusBadge kind="order" status={preview.resultingStatus} />
                </dd>
              </div>
            )}
          </dl>
        </>
      )}
    </section>
  );
}
