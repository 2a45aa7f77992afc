import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../app/format";
import type { ClaimRowFragment, ClaimStatus } from "../../../generated/graphql";
import "../../../app/ui/StatusBadge.css";
import "../claims.css";

/** OPEN, RESOLVED or REJECTED, as a colored badge. */
export function ClaimStatusBadge({ status }: { status: ClaimStatus }) {
  const { t } = useTranslation();
  return (
    <span className={`status-badge claim-status--${status}`} data-testid="claim-status" data-status={status}>
      {t(`claims.status.${status}`)}
    </span>
  );
}

/** What came of a claim: the outcome and what it made (the reshipment, the credit note, the return), or the rejection's message. */
export function ClaimOutcomeSummary({ claim }: { claim: ClaimRowFragment }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (claim.status === "REJECTED") return <span className="muted">{claim.message}</span>;
  if (!claim.outcome) return <span className="muted">{t("claims.pending")}</span>;
  return (
    <span className="claim-outcome" data-testid="claim-outcome" data-outcome={claim.outcome}>
      <span>{t(`claims.outcome.${claim.outcome}`)}</span>
      {claim.followUpOrder && (
        <Link to={`/orders/${claim.followUpOrder.id}`} data-testid="claim-reshipment">
          {t("claims.reshipmentLink", { number: claim.followUpOrder.number })}
        </Link>
      )}
      {claim.creditNote && (
        <Link to={`/credit-notes/${claim.creditNote.id}`} className="mono" data-testid="claim-credit-note">
          {t("claims.creditNoteLink", { number: claim.creditNote.displayNumber, amount: format.money(claim.creditNote.total) })}
        </Link>
      )}
      {claim.orderReturn &&
        (claim.orderReturn.creditNoteId ? (
          // WITHDRAW: once the goods are back, the return's credit note says what was refunded.
          <>
            <span className="muted">{t("claims.returnReceived", { id: claim.orderReturn.id })}</span>
            <Link to={`/credit-notes/${claim.orderReturn.creditNoteId}`} data-testid="claim-return-credit-note">
              {t("claims.returnCreditNote")}
            </Link>
          </>
        ) : (
          <span className="muted">{t("claims.returnOpened", { id: claim.orderReturn.id })}</span>
        ))}
    </span>
  );
}

/** "2 × Item BOOK, 1 × Item MUG" */
export function claimItems(claim: Pick<ClaimRowFragment, "lines">): string {
  return claim.lines.map((l) => `${l.quantity} × ${l.name}`).join(", ");
}
