import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import type { OrderDetailQuery } from "../../../generated/graphql";

type OrderEvent = NonNullable<OrderDetailQuery["order"]>["events"][number];

function prettyData(data: string): string {
  try {
    return JSON.stringify(JSON.parse(data), null, 2);
  } catch {
    return data;
  }
}

type Actor = OrderEvent["actor"];

/**
 * Who did it, as the merchant reads it: a staff member by name, "Sistema" (e.g. a restock that
 * resumed the order), an integration or the customer with their name. An actor type this build
 * doesn't know shows its code.
 */
function actorText(actor: Actor, t: TFunction): string {
  switch (actor.type) {
    case "STAFF":
      return actor.name || t("actorType.STAFF");
    case "SYSTEM":
      return t("actorType.SYSTEM");
    case "API_KEY":
      return actor.name ? t("order.actorApiKey", { name: actor.name }) : t("actorType.API_KEY");
    case "CUSTOMER":
      return actor.name ? t("order.actorCustomer", { name: actor.name }) : t("actorType.CUSTOMER");
    default: {
      // A newer server's actor type: its code, then the name.
      const type: string = actor.type;
      return actor.name ? `${type} · ${actor.name}` : type;
    }
  }
}

/** What happened to the order, newest first. Event types this build doesn't know get a generic label. */
export function OrderTimeline({ events }: { events: readonly OrderEvent[] }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
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
                  {event.data && (
                    <details className="timeline__data">
                      <summary>{t("order.eventDetails")}</summary>
                      <pre>{prettyData(event.data)}</pre>
                    </details>
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
