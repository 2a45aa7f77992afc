import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useFormat } from "../../../app/format";
import { useOrderMessagesQuery } from "../../../generated/graphql";
import { MessageStatusBadge, useMessageKindLabel } from "./MessageStatusBadge";
import "../messages.css";

/**
 * The e-mails to the customer about one order. `eventCount` is the order's timeline length as the
 * live order page knows it: a sent message writes MESSAGE_SENT there, so the card reads again.
 */
export function OrderMessagesCard({ orderId, eventCount }: { orderId: string; eventCount: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const kindLabel = useMessageKindLabel();
  const { data, refetch } = useOrderMessagesQuery({ variables: { id: orderId }, fetchPolicy: "cache-and-network" });
  const seen = useRef(eventCount);
  useEffect(() => {
    if (seen.current === eventCount) return;
    seen.current = eventCount;
    void refetch();
  }, [eventCount, refetch]);
  const messages = data?.order?.messages ?? [];

  return (
    <section className="card" aria-labelledby="order-messages-title" data-testid="order-messages">
      <div className="card__header">
        <h2 id="order-messages-title">{t("messages.orderCard.title")}</h2>
      </div>
      <div className="card__body">
        {messages.length === 0 ? (
          <p className="muted">{t("messages.orderCard.none")}</p>
        ) : (
          <ul className="order-messages">
            {messages.map((message) => (
              <li key={message.id} className="order-messages__item" data-testid="order-message" data-kind={message.kind} data-status={message.status}>
                <div className="order-messages__head">
                  <strong>{kindLabel(message.kind)}</strong>
                  <MessageStatusBadge status={message.status} />
                </div>
                <span className="muted">
                  <span className="mono">{message.recipientMasked}</span>
                  {" · "}
                  {message.sentAt ? (
                    <time dateTime={message.sentAt}>{format.dateTime(message.sentAt)}</time>
                  ) : message.status === "PENDING" && message.nextAttemptAt ? (
                    t("messages.nextAttempt", { date: format.dateTime(message.nextAttemptAt) })
                  ) : (
                    <time dateTime={message.createdAt}>{format.dateTime(message.createdAt)}</time>
                  )}
                </span>
                {message.skipReason ? (
                  <span className="muted">{t(`messages.skipReason.${message.skipReason}`)}</span>
                ) : (
                  message.lastError && <span className="muted">{t("messages.error", { attempts: message.attempts, error: message.lastError })}</span>
                )}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to={`/messages`}>{t("messages.orderCard.all")}</Link>
        </p>
      </div>
    </section>
  );
}
