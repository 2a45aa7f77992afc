import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import type { OrderDetailFieldsFragment } from "../../../generated/graphql";
import { actorText, eventContext, eventFacts } from "../order-events";

/** What happened to the order, newest first. Event types this build doesn't know get a generic label. */
export function OrderTimeline({ order }: { order: Pick<OrderDetailFieldsFragment, "events" | "currency" | "lines"> }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { events } = order;
  const context = eventContext(order, t, format);
  // The server lists events oldest first, in the order they happened (several may share a
  // timestamp, e.g. ITEMS_CANCELLED and REFUND_CREATED of one resolution): reverse, don't sort.
  const newestFirst = [...events].reverse();

  return (
    <section className="card" aria-labelledby="timeline-title">
      <div className="card__header">
        <h2 id="timeline-title">{t("order.timelineTitle")}</h2>
      </div>
      <div className="card__body">
        {newestFirst.length === 0 ? (
          <p className="muted">{t("order.timelineEmpty")}</p>
        ) : (
          <ol className="timeline" data-testid="order-timeline">
            {newestFirst.map((event) => {
              const facts = eventFacts(event, context);
              return (
                <li key={event.id} className="timeline__event" data-testid="order-event" data-event-type={event.type}>
                  <div className="timeline__head">
                    <span className="timeline__type">
                      {i18n.exists(`eventType.${event.type}`) ? (
                        t(`eventType.${event.type}`)
                      ) : (
                        <>
                          {t("eventType.unknown")} <span className="mono muted">{event.type}</span>
                        </>
                      )}
                    </span>
                    <time className="timeline__time muted" dateTime={event.createdAt}>
                      {format.dateTime(event.createdAt)}
                    </time>
                  </div>
                  <p className="timeline__actor muted" data-testid="order-event-actor" data-actor-type={event.actor.type}>
                    <span className="visually-hidden">{t("order.actorLabel")}: </span>
                    <span className="timeline__actor-name">{actorText(event.actor, t)}</span>
                  </p>
                  {event.note && <p className="timeline__note">{event.note}</p>}
                  {facts.length > 0 && (
                    <dl className="timeline__facts" data-testid="order-event-details">
                      {facts.map((fact) => (
                        <div key={fact.key} data-fact={fact.key}>
                          <dt>{fact.label}</dt>
                          <dd>{fact.value}</dd>
                        </div>
                      ))}
                    </dl>
                  )}
                </li>
              );
            })}
          </ol>
        )}
      </div>
    </section>
  );
}
