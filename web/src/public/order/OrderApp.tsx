import { useCallback, useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { ChooseForOrderDocument, OrderPageDocument, type OrderPageFieldsFragment, type Resolution } from "../../generated/public";
import { loadByLink, request } from "../shared/api";
import { Heading, StatusPage } from "../shared/PageParts";
import { browserLanguage, createTranslator, I18nContext, languageOf, storeChoice, storedChoice, useI18n, type Language } from "../shared/i18n";
import type { TextKey } from "../shared/i18n-types";
import { LanguageSwitch } from "../shared/LanguageSwitch";
import { MissingItems } from "./MissingItems";
import { Returns } from "./Returns";

type Screen =
  | { kind: "loading" }
  | { kind: "notFound" }
  | { kind: "failed" }
  | { kind: "throttled"; retryAfterSeconds: number | null }
  | { kind: "order"; order: OrderPageFieldsFragment; chosen?: { resolution: Resolution; refundLink: string | null } };

/** Refusals that mean the order moved on while the customer chose: show it as it is now. */
const CHANGED = new Set(["MERCHANT_RESOLVED", "INVALID_TRANSITION", "NOTHING_ALLOCATED"]);

/**
 * The customer's order page at /order/<token>: where the order stands, its refunds, and — while it
 * waits for stock and the shop lets them — the customer's own choice (keep waiting, receive what is
 * available, cancel), run as the shop's resolution would be. Language: the visitor's choice from
 * the switch, else the customer's, else the browser's, else pt-BR.
 */
export function OrderApp({ token }: { token: string }) {
  const [screen, setScreen] = useState<Screen>(token ? { kind: "loading" } : { kind: "notFound" });
  const [attempt, setAttempt] = useState(0);
  const [chosenLanguage, setChosenLanguage] = useState<Language | null>(storedChoice);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    loadByLink(OrderPageDocument, { token }, (data) => data.orderPage, controller.signal)
      .then((loaded) => setScreen(loaded.kind === "found" ? { kind: "order", order: loaded.value } : loaded))
      .catch(() => {
        // aborted: the page is leaving or loading again
      });
    return () => controller.abort();
  }, [token, attempt]);

  const order = screen.kind === "order" ? screen.order : null;
  const language = chosenLanguage ?? languageOf(order?.locale) ?? browserLanguage();
  const i18n = useMemo(() => createTranslator(language), [language]);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = order ? i18n.t("order.page.titleOrder", { number: String(order.orderNumber) }) : i18n.t("order.page.title");
  }, [language, order, i18n]);

  const switchLanguage = useCallback((next: Language) => {
    storeChoice(next);
    setChosenLanguage(next);
  }, []);

  const state = screen.kind === "order" ? (screen.chosen ? "chosen" : "order") : screen.kind;
  return (
    <I18nContext.Provider value={i18n}>
      <div className="page">
        <header className="top">
          <p className="top__title">{order?.shopName ?? i18n.t("order.page.title")}</p>
          <LanguageSwitch onChange={switchLanguage} />
        </header>
        <main className="content" data-testid="order-page" data-state={state}>
          {screen.kind === "loading" ? (
            <p className="loading" role="status">
              {i18n.t("order.loading")}
            </p>
          ) : screen.kind === "notFound" ? (
            <StatusPage testIdPrefix="order" tone="problem" focus={false} title={i18n.t("order.notFound.title")} body={i18n.t("order.notFound.body")} />
          ) : screen.kind === "failed" ? (
            <StatusPage testIdPrefix="order" tone="problem" focus={false} title={i18n.t("failed.title")} body={i18n.t("failed.body")} onRetry={() => setAttempt((n) => n + 1)} />
          ) : screen.kind === "throttled" ? (
            <StatusPage
              testIdPrefix="order"
              tone="problem"
              focus={false}
              title={i18n.t("throttled.title")}
              body={screen.retryAfterSeconds === null ? i18n.t("error.THROTTLED.generic") : i18n.t("error.THROTTLED", { wait: i18n.wait(screen.retryAfterSeconds) })}
              onRetry={() => setAttempt((n) => n + 1)}
            />
          ) : (
            <OrderView
              token={token}
              order={screen.order}
              chosen={screen.chosen}
              onChanged={(next, chosen) => setScreen({ kind: "order", order: next, chosen })}
            />
          )}
        </main>
      </div>
    </I18nContext.Provider>
  );
}

function OrderView({
  token,
  order,
  chosen,
  onChanged,
}: {
  token: string;
  order: OrderPageFieldsFragment;
  chosen?: { resolution: Resolution; refundLink: string | null };
  onChanged(order: OrderPageFieldsFragment, chosen?: { resolution: Resolution; refundLink: string | null }): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <>
      <Heading focus={!!chosen} testId="order-title">{t("order.heading", { number: String(order.orderNumber) })}</Heading>
      <p className="meta">{t("order.placedAt", { date: i18n.dateTime(order.placedAt) })}</p>
      {chosen ? (
        <div className="status status--success" data-testid="order-chosen">
          <p className="status__title">{t("order.chosen.title")}</p>
          <p className="status__body">{t(`order.chosen.${chosen.resolution}` as TextKey)}</p>
          {chosen.refundLink && (
            <>
              <p className="status__note">{t("order.refundLinkHint")}</p>
              <a className="button" href={chosen.refundLink} data-testid="order-refund-link">
                {t("order.refundLink")}
              </a>
            </>
          )}
        </div>
      ) : (
        <div className="status" data-testid="order-status" data-status={order.status}>
          <p className="status__title">{t(`order.status.${order.status}` as TextKey)}</p>
          <p className="status__body">
            {order.status === "READY" && order.shipments.length > 0 ? t("order.statusBody.partlyShipped") : t(`order.statusBody.${order.status}` as TextKey)}
          </p>
          {(order.status === "AWAITING_STOCK" || order.status === "ON_HOLD_FOR_RESTOCK") && (
            <p className="status__body" data-testid="order-expected">
              {order.expectedRestockOn ? t("order.expected", { date: i18n.calendarDate(order.expectedRestockOn) }) : t("order.expectedNone")}
            </p>
          )}
        </div>
      )}

      <section className="summary" aria-labelledby="order-items">
        <h2 className="summary__heading" id="order-items">
          {t("order.items")}
        </h2>
        <ul className="summary__lines">
          {order.lines.map((line, index) => (
            <li key={index} className="summary__line summary__line--stacked" data-testid="order-line">
              <span>
                <span className="summary__quantity">{t("summary.quantity", { count: line.quantity })}</span> {line.name}
              </span>
              <span className="summary__detail">
                {[
                  line.allocated > 0 && t("order.line.reserved", { count: line.allocated }),
                  line.short > 0 && t("order.line.short", { count: line.short }),
                  line.expectedOn && t("order.line.expected", { date: i18n.calendarDate(line.expectedOn) }),
                  line.cancelled > 0 && t("order.line.cancelled", { count: line.cancelled }),
                  line.shipped > 0 && t("order.line.shipped", { count: line.shipped }),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </span>
            </li>
          ))}
        </ul>
        <p className="summary__total">
          <span>{t("order.total")}</span>
          <span className="summary__amount" data-testid="order-total">
            {i18n.money(order.total)}
          </span>
        </p>
        {order.shipTo && (
          <p className="summary__total" data-testid="order-ship-to">
            <span>{t("order.shipTo")}</span>
            <span>
              {[order.shipTo.city, order.shipTo.region].filter(Boolean).join(" – ")} · <span style={{ whiteSpace: "nowrap" }}>{order.shipTo.postalCode}</span>
            </span>
          </p>
        )}
        {order.refunds.length > 0 && (
          <>
            <h2 className="summary__heading">{t("order.refunds")}</h2>
            <ul className="summary__lines">
              {order.refunds.map((refund, index) => (
                <li key={index} className="summary__line" data-testid="order-refund" data-status={refund.status}>
                  <span>{t(`order.refundStatus.${refund.status}` as TextKey)}</span>
                  <span className="summary__amount">{i18n.money(refund.amount)}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>

      {order.shipments.length > 0 && <Shipments shipments={order.shipments} />}
      <MissingItems token={token} order={order} onChanged={(next) => onChanged(next)} />
      <Returns token={token} order={order} onChanged={(next) => onChanged(next)} />

      {!chosen && (order.choices.length > 0 || order.substituteOffers.length > 0) ? (
        <ChoiceForm token={token} order={order} onChanged={onChanged} />
      ) : (
        !chosen &&
        (order.status === "AWAITING_STOCK" || order.status === "ON_HOLD_FOR_RESTOCK") && (
          <p className="status__note" data-testid="order-no-choice">
            {order.resolvedBy === "MERCHANT" ? t("order.resolvedByShop") : t("order.choicesOff")}
          </p>
        )
      )}
    </>
  );
}

/** The parcels, each with its carrier, tracking code and link, and what is in it. */
function Shipments({ shipments }: { shipments: OrderPageFieldsFragment["shipments"] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section className="summary" aria-labelledby="order-shipments">
      <h2 className="summary__heading" id="order-shipments">
        {t("order.shipments")}
      </h2>
      <ul className="summary__lines">
        {shipments.map((shipment) => (
          <li key={shipment.number} className="summary__line summary__line--stacked" data-testid="order-shipment">
            <span>
              <strong>{t("order.shipment.title", { number: String(shipment.number), carrier: shipment.carrier === "OTHER" ? t("order.shipment.otherCarrier") : shipment.carrierName })}</strong>
            </span>
            <span className="summary__detail">
              {[
                t("order.shipment.code", { code: shipment.trackingCode }),
                shipment.deliveredAt ? t("order.shipment.deliveredAt", { date: i18n.dateTime(shipment.deliveredAt) }) : t("order.shipment.shippedAt", { date: i18n.dateTime(shipment.shippedAt) }),
              ].join(" · ")}
            </span>
            <span className="summary__detail">{shipment.items.map((item) => `${t("summary.quantity", { count: item.quantity })} ${item.name}`).join(", ")}</span>
            {shipment.trackingUrl && (
              <a href={shipment.trackingUrl} target="_blank" rel="noopener noreferrer" data-testid="order-tracking-link">
                {t("order.shipment.track", { number: String(shipment.number) })}
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ChoiceForm({ token, order, onChanged }: { token: string; order: OrderPageFieldsFragment; onChanged(order: OrderPageFieldsFragment, chosen?: { resolution: Resolution; refundLink: string | null }): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ids = useId();
  // A resolution, or "SUBSTITUTE:<orderLineId>:<skuId>" for an offered substitute.
  const [choice, setChoice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const firstOption = useRef<HTMLInputElement | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (sending) return;
    if (!choice) {
      setError(t("order.chooseFirst"));
      firstOption.current?.focus();
      return;
    }
    setError(null);
    setSending(true);
    const [resolution, orderLineId, skuId] = choice.split(":") as [Resolution, string?, string?];
    const substitute = orderLineId && skuId ? { orderLineId, skuId } : null;
    const outcome = await request(ChooseForOrderDocument, { input: { token, choice: resolution, substitute } });
    setSending(false);
    if (outcome.kind !== "data") return setError(outcome.kind === "network" ? t("error.network") : t("order.error.generic"));
    const { orderPage, refundLink, userErrors, retryAfterSeconds } = outcome.data.chooseForOrder;
    if (userErrors.length === 0 && orderPage) return onChanged(orderPage, { resolution, refundLink: refundLink ?? null });
    const code = userErrors[0]?.code ?? "";
    if (CHANGED.has(code) && orderPage) {
      onChanged(orderPage);
      return;
    }
    if (code === "THROTTLED") return setError(retryAfterSeconds ? t("error.THROTTLED", { wait: i18n.wait(retryAfterSeconds) }) : t("error.THROTTLED.generic"));
    if (code === "CHOICE_NOT_ALLOWED" || code === "CUSTOMER_CPF_MISSING") return setError(t(`order.error.${code}`));
    if ((code === "INSUFFICIENT_STOCK" || code === "SUBSTITUTE_NOT_OFFERED") && orderPage) {
      setChoice(null);
      onChanged(orderPage);
      return setError(t("order.error.substituteGone"));
    }
    setError(t("order.error.generic"));
  }

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="order-choices">
      <fieldset className="choices" aria-describedby={`${ids}-intro${error ? ` ${ids}-error` : ""}`}>
        <legend className="field__label">{t("order.choices.title")}</legend>
        <p className="field__hint" id={`${ids}-intro`}>
          {t("order.choices.intro", { shop: order.shopName })}
        </p>
        <div className="choices__options choices__options--stack">
          {order.substituteOffers.map((offer, index) => {
            const value = `SUBSTITUTE:${offer.orderLineId}:${offer.skuId}`;
            const price = i18n.money(offer.unitPrice);
            return (
              <label key={value} className="choice choice--card" data-testid="order-choice-SUBSTITUTE" data-sku-id={offer.skuId}>
                <input
                  ref={index === 0 ? firstOption : undefined}
                  type="radio"
                  name={`${ids}-choice`}
                  value={value}
                  checked={choice === value}
                  onChange={() => {
                    setChoice(value);
                    setError(null);
                  }}
                />
                <span className="choice__text">
                  <span className="choice__label">{t("order.choice.SUBSTITUTE", { line: offer.lineName, name: offer.name })}</span>
                  <span className="choice__hint">
                    {offer.refundAmount.amount > 0
                      ? t("order.choice.SUBSTITUTE.refund", { count: offer.quantity, name: offer.name, price, amount: i18n.money(offer.refundAmount) })
                      : t("order.choice.SUBSTITUTE.noCost", { count: offer.quantity, name: offer.name, price })}
                  </span>
                </span>
              </label>
            );
          })}
          {order.choices.map((option, index) => (
            <label key={option.resolution} className="choice choice--card" data-testid={`order-choice-${option.resolution}`}>
              <input
                ref={index === 0 && order.substituteOffers.length === 0 ? firstOption : undefined}
                type="radio"
                name={`${ids}-choice`}
                value={option.resolution}
                checked={choice === option.resolution}
                onChange={() => {
                  setChoice(option.resolution);
                  setError(null);
                }}
              />
              <span className="choice__text">
                <span className="choice__label">{t(`order.choice.${option.resolution}` as TextKey)}</span>
                <span className="choice__hint">{t(`order.choice.${option.resolution}.hint` as TextKey, { amount: i18n.money(option.refundAmount) })}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <p className="form__alert" role="alert" id={`${ids}-error`} data-testid="order-choice-error">
        {error}
      </p>
      <button type="submit" className="button" disabled={sending} data-testid="order-confirm">
        {sending ? t("order.sending") : t("order.confirm")}
      </button>
    </form>
  );
}
