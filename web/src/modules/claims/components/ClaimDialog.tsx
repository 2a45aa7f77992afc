import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { requestFailureText } from "../../../app/request-failure";
import { Dialog } from "../../../app/ui/Dialog";
import { FormActions } from "../../../app/ui/FormActions";
import { userErrorText } from "../../../app/user-errors";
import {
  useClaimPreviewQuery,
  useRejectClaimMutation,
  useReportMissingItemsMutation,
  useResolveClaimMutation,
  type ClaimOutcome,
  type ClaimRowFragment,
  type OrderClaimsQuery,
  type RefundDestination,
  type UserErrorFieldsFragment,
} from "../../../generated/graphql";
import "../../stockouts/components/ResolveOrderDialog.css";
import "../claims.css";

type ClaimableLine = NonNullable<OrderClaimsQuery["order"]>["claimableLines"][number];
type Choice = ClaimOutcome | "LATER" | "REJECT";

type Props = {
  order: { id: string; number: number; claimableLines: readonly ClaimableLine[] };
  /** Resolve this OPEN claim; otherwise report new missing units first. */
  claim: ClaimRowFragment | null;
  open: boolean;
  onClose: () => void;
  onDone: (claim: ClaimRowFragment, refundLink: string | null) => void;
};

const REFRESH = ["OrderClaims", "OrderCreditNotes", "OrderDetail", "Claims"];

/**
 * The claim dialog of a DELIVERED order: which units are missing (quantity per delivered line), then
 * what is done, with a preview of each outcome: what would be reshipped and whether it is in stock
 * now, or the amount refunded with its credit note. Resolving an OPEN claim starts at the outcome.
 */
export function ClaimDialog({ order, claim, open, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const ids = useId();
  const [step, setStep] = useState<"lines" | "outcome">(claim ? "outcome" : "lines");
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [note, setNote] = useState("");
  const [choice, setChoice] = useState<Choice | null>(null);
  const [refundTo, setRefundTo] = useState<RefundDestination>("CUSTOMER");
  const [message, setMessage] = useState("");
  const [errors, setErrors] = useState<string[]>([]);
  /** A claim reported in this dialog whose resolution failed: retrying resolves it, never reports again. */
  const [reported, setReported] = useState<ClaimRowFragment | null>(claim);
  const [report, reporting] = useReportMissingItemsMutation({ refetchQueries: REFRESH });
  const [resolve, resolving] = useResolveClaimMutation({ refetchQueries: REFRESH });
  const [reject, rejecting] = useRejectClaimMutation({ refetchQueries: REFRESH });

  const lines = reported
    ? reported.lines.map((l) => ({ orderLineId: l.orderLineId, quantity: l.quantity }))
    : order.claimableLines.flatMap((l) => {
        const quantity = Number(quantities[l.orderLineId] ?? 0);
        return quantity > 0 ? [{ orderLineId: l.orderLineId, quantity }] : [];
      });
  const preview = useClaimPreviewQuery({
    variables: { orderId: order.id, lines, claimId: reported?.id ?? null },
    skip: !open || step !== "outcome" || lines.length === 0,
    fetchPolicy: "network-only",
  });
  const current = preview.data?.claimPreview;
  const texts = (list: readonly UserErrorFieldsFragment[]) => list.map((e) => userErrorText(e, t));

  const close = () => {
    setErrors([]);
    onClose();
  };

  function next(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const bad = order.claimableLines.find((l) => {
      const raw = quantities[l.orderLineId];
      const n = Number(raw ?? 0);
      return raw !== undefined && raw !== "" && (!Number.isInteger(n) || n < 0 || n > l.claimable);
    });
    if (bad) return setErrors([t("claims.dialog.quantityRange", { name: bad.name, max: bad.claimable })]);
    if (lines.length === 0) return setErrors([t("claims.dialog.nothingMissing")]);
    setErrors([]);
    setStep("outcome");
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!choice) return setErrors([t("claims.dialog.chooseOutcome")]);
    if (choice === "REJECT" && !message.trim()) return setErrors([t("claims.dialog.rejectMessageRequired")]);
    setErrors([]);
    try {
      let target = reported;
      if (!target) {
        const { data } = await report({ variables: { orderId: order.id, lines, note: note.trim() || null } });
        const result = data?.reportMissingItems;
        if (!result?.claim) return setErrors(result?.userErrors.length ? texts(result.userErrors) : [t("claims.dialog.failed")]);
        target = result.claim;
        setReported(target);
        if (choice === "LATER") return onDone(target, null);
      }
      if (choice === "REJECT") {
        const { data } = await reject({ variables: { claimId: target.id, message: message.trim() } });
        const result = data?.rejectClaim;
        if (!result?.claim) return setErrors(result?.userErrors.length ? texts(result.userErrors) : [t("claims.dialog.failed")]);
        return onDone(result.claim, null);
      }
      if (choice === "LATER") return onDone(target, null);
      const { data } = await resolve({
        variables: { claimId: target.id, outcome: choice, refundTo: choice === "RESHIP" ? null : refundTo, message: message.trim() || null },
      });
      const result = data?.resolveClaim;
      if (!result?.claim) return setErrors(result?.userErrors.length ? texts(result.userErrors) : [t("claims.dialog.failed")]);
      onDone(result.claim, result.refundLink ?? null);
    } catch (error) {
      setErrors([requestFailureText(error, t, t("claims.dialog.failed"))]);
    }
  }

  const choices: Choice[] = ["RESHIP", "KEEP_AND_SETTLE", "WITHDRAW", reported ? "REJECT" : "LATER"];
  const busy = reporting.loading || resolving.loading || rejecting.loading;
  const errorBox = errors.length > 0 && (
    <div className="alert alert--danger" role="alert" data-testid="claim-error">
      {errors.map((text) => (
        <p key={text}>{text}</p>
      ))}
    </div>
  );

  return (
    <Dialog
      title={reported ? t("claims.dialog.resolveTitle", { claim: reported.number, number: order.number }) : t("claims.dialog.reportTitle", { number: order.number })}
      open={open}
      onClose={close}
      size="wide"
      testId="claim-dialog"
    >
      {step === "lines" && !reported ? (
        <form className="claim-form" onSubmit={next} noValidate>
          {errorBox}
          <p>{t("claims.dialog.linesIntro")}</p>
          <table className="claim-lines">
            <thead>
              <tr>
                <th scope="col">{t("claims.dialog.item")}</th>
                <th scope="col">{t("claims.dialog.delivered")}</th>
                <th scope="col">{t("claims.dialog.missing")}</th>
              </tr>
            </thead>
            <tbody>
              {order.claimableLines.map((line, index) => (
                <tr key={line.orderLineId}>
                  <td>
                    <label htmlFor={`${ids}-${line.orderLineId}`}>{line.name}</label> <span className="muted mono">{line.skuCode}</span>
                  </td>
                  <td className="numeric">{line.shipped}</td>
                  <td>
                    <input
                      id={`${ids}-${line.orderLineId}`}
                      type="number"
                      inputMode="numeric"
                      min={0}
                      max={line.claimable}
                      disabled={line.claimable === 0}
                      value={quantities[line.orderLineId] ?? ""}
                      placeholder="0"
                      onChange={(e) => setQuantities({ ...quantities, [line.orderLineId]: e.target.value })}
                      data-testid="claim-quantity"
                      data-autofocus={index === 0 ? true : undefined}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            {t("claims.dialog.note")} <span className="muted">({t("common.optional")})</span>
            <textarea value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} data-testid="claim-note" />
          </label>
          <FormActions onCancel={close} busy={false} submitLabel={t("claims.dialog.next")} busyLabel={t("claims.dialog.next")} submitTestId="claim-next" />
        </form>
      ) : (
        <form className="claim-form" onSubmit={submit} noValidate>
          {errorBox}
          {current?.userErrors.length ? (
            <div className="alert alert--warning" role="status">
              {texts(current.userErrors).map((text) => (
                <p key={text}>{text}</p>
              ))}
            </div>
          ) : null}
          <fieldset className="resolve-options">
            <legend className="resolve-form__legend">{t("claims.dialog.outcomeLegend")}</legend>
            {choices.map((option, index) => (
              <label key={option} className="option-card" data-testid={`claim-outcome-${option}`}>
                <input
                  type="radio"
                  className="option-card__input"
                  name={`${ids}-outcome`}
                  value={option}
                  checked={choice === option}
                  onChange={() => setChoice(option)}
                  aria-describedby={`${ids}-${option}-description`}
                  data-autofocus={index === 0 ? true : undefined}
                />
                <span className="option-card__text">
                  <span className="option-card__title">{t(`claims.dialog.options.${option}.title`)}</span>
                  <span className="option-card__description" id={`${ids}-${option}-description`}>
                    {t(`claims.dialog.options.${option}.description`)}
                  </span>
                </span>
              </label>
            ))}
          </fieldset>

          <section aria-live="polite" data-testid="claim-preview">
            {preview.loading && !current && <p className="muted">{t("common.loading")}</p>}
            {current?.preview && choice === "RESHIP" && (
              <>
                <ul className="claim-preview">
                  {current.preview.reship.map((l) => (
                    <li key={l.orderLineId}>
                      {t(l.inStock ? "claims.dialog.reshipInStock" : "claims.dialog.reshipWaits", { quantity: l.quantity, name: l.name, available: l.available })}
                    </li>
                  ))}
                </ul>
                <p>{current.preview.reshipInStock ? t("claims.dialog.reshipReady") : t("claims.dialog.reshipQueued")}</p>
              </>
            )}
            {current?.preview && choice === "KEEP_AND_SETTLE" && (
              <>
                <p data-testid="claim-settle-amount">{t("claims.dialog.settleAmount", { amount: format.money(current.preview.settleAmount) })}</p>
                <fieldset className="chips">
                  <legend>{t("claims.dialog.refundTo")}</legend>
                  {(["CUSTOMER", "MERCHANT"] as const).map((destination) => (
                    <label key={destination} className="chip" data-testid={`claim-refund-to-${destination}`}>
                      <input type="radio" name={`${ids}-refund-to`} checked={refundTo === destination} onChange={() => setRefundTo(destination)} />{" "}
                      {t(`refundDestination.${destination}`)}
                    </label>
                  ))}
                </fieldset>
              </>
            )}
            {choice === "WITHDRAW" && <p>{t("claims.dialog.withdrawPreview")}</p>}
          </section>

          {choice !== null && choice !== "LATER" && (
            <label>
              {choice === "REJECT" ? t("claims.dialog.rejectMessage") : t("claims.dialog.message")}
              {choice !== "REJECT" && <span className="muted"> ({t("common.optional")})</span>}
              <textarea value={message} maxLength={500} onChange={(e) => setMessage(e.target.value)} data-testid="claim-message" />
            </label>
          )}
          <FormActions
            onCancel={close}
            busy={busy}
            tone={choice === "REJECT" ? "danger" : "primary"}
            submitLabel={t("claims.dialog.confirm")}
            busyLabel={t("claims.dialog.saving")}
            submitTestId="claim-confirm"
          />
        </form>
      )}
    </Dialog>
  );
}
