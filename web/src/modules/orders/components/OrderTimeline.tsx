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

/** What happened to the order, newest first. Event types this build doesn't know get a generic label. */
export function OrderTimeline({ events }: { events: readonly OrderEvent[] }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const newestFirst = [...events].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));

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
              // i18n.exists: the server may be newer than this build and send a type it doesn't know.
              const actorType = i18n.exists(`actorType.${event.actor.type}`) ? t(`actorType.${event.actor.type}`) : event.actor.type;
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
                  <p className="timeline__actor muted">
                    {actorType}
                    {event.actor.name ? ` · ${event.actor.name}` : ""}
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
