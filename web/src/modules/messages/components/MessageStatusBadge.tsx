import { useTranslation } from "react-i18next";
import type { CustomerMessageStatus, MessageKind } from "../../../generated/graphql";
import "../messages.css";

/** Pending, sent, failed or skipped, on the shared badge; an unknown status shows as its code. */
export function MessageStatusBadge({ status }: { status: CustomerMessageStatus }) {
  const { t, i18n } = useTranslation();
  const known = i18n.exists(`messageStatus.${status}`);
  return (
    <span className={`status-badge status-badge--${known ? `message-${status}` : "UNKNOWN"}`} data-testid="message-status-badge" data-status={status}>
      {known ? t(`messageStatus.${status}`) : status}
    </span>
  );
}

/** The kind of a message in the merchant's language (its code when this build does not know it). */
export function useMessageKindLabel() {
  const { t, i18n } = useTranslation();
  return (kind: MessageKind): string => (i18n.exists(`messageKind.${kind}`) ? t(`messageKind.${kind}`) : kind);
}
