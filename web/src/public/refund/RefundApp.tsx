import { useCallback, useEffect, useMemo, useState } from "react";
import { RefundRequestDocument, type RefundRequestFieldsFragment, type RefundStatus } from "../../generated/public";
import { loadByLink } from "../shared/api";
import { LanguageSwitch } from "../shared/LanguageSwitch";
import { Heading, StatusPage } from "../shared/PageParts";
import { RefundForm, type Destination, type LinkRefusal } from "./components/RefundForm";
import { RefundSummary } from "./components/RefundSummary";
import { browserLanguage, createTranslator, I18nContext, languageOf, storeChoice, storedChoice, useI18n, type Language } from "../shared/i18n";

type Screen =
  | { kind: "loading" }
  | { kind: "notFound" }
  | { kind: "failed" }
  | { kind: "throttled"; retryAfterSeconds: number | null }
  /** The refund as the link shows it; its status picks the form or a status page. */
  | { kind: "refund"; refund: RefundRequestFieldsFragment }
  /** The details were just received. */
  | { kind: "done"; refund: RefundRequestFieldsFragment; destination: Destination };

/** What each screen is called in `data-state` (tests and styles). */
type State = "loading" | "not-found" | "failed" | "throttled" | "form" | "expired" | "locked" | "used" | "paid" | "done";

const STATE_OF_STATUS: Record<RefundStatus, State> = {
  AWAITING_CUSTOMER_DETAILS: "form",
  EXPIRED: "expired",
  LOCKED: "locked",
  READY_FOR_PAYOUT: "used",
  PAID: "paid",
};

const STATUS_OF_REFUSAL: Record<Exclude<LinkRefusal, "NOT_FOUND">, RefundStatus> = {
  LINK_EXPIRED: "EXPIRED",
  LINK_LOCKED: "LOCKED",
  LINK_USED: "READY_FOR_PAYOUT",
};

function stateOf(screen: Screen): State {
  switch (screen.kind) {
    case "refund":
      return STATE_OF_STATUS[screen.refund.status] ?? "used";
    case "notFound":
      return "not-found";
    default:
      return screen.kind;
  }
}

/**
 * The customer's refund page at /refund/<token>: loads what the link shows, then the form or the
 * page for the link's state. Language: the visitor's choice from the switch, else the refund's
 * (the customer's or the shop's), else the browser's (en or pl), else pt-BR.
 */
export function RefundApp({ token }: { token: string }) {
  const [screen, setScreen] = useState<Screen>(token ? { kind: "loading" } : { kind: "notFound" });
  const [attempt, setAttempt] = useState(0);
  const [chosen, setChosen] = useState<Language | null>(storedChoice);
  // After the visitor acts (sends the form, retries), focus goes to the new screen's heading.
  const [moved, setMoved] = useState(false);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    setScreen({ kind: "loading" });
    loadByLink(RefundRequestDocument, { token }, (data) => data.refundRequest, controller.signal)
      .then((loaded) => setScreen(loaded.kind === "found" ? { kind: "refund", refund: loaded.value } : loaded))
      .catch(() => {
        // aborted: the page is leaving or loading again
      });
    return () => controller.abort();
  }, [token, attempt]);

  const refund = screen.kind === "refund" || screen.kind === "done" ? screen.refund : null;
  const language = chosen ?? languageOf(refund?.locale) ?? browserLanguage();
  const i18n = useMemo(() => createTranslator(language), [language]);
  const state = stateOf(screen);

  useEffect(() => {
    document.documentElement.lang = language;
    document.title = refund ? i18n.t("page.titleOrder", { number: String(refund.orderNumber) }) : i18n.t("page.title");
  }, [language, refund, i18n]);

  const choose = useCallback((next: Language) => {
    storeChoice(next);
    setChosen(next);
  }, []);
  const retry = () => {
    setMoved(true);
    setAttempt((n) => n + 1);
  };
  const refused = (reason: LinkRefusal) => {
    setMoved(true);
    if (reason === "NOT_FOUND" || !refund) setScreen({ kind: "notFound" });
    else setScreen({ kind: "refund", refund: { ...refund, status: STATUS_OF_REFUSAL[reason] } });
  };

  return (
    <I18nContext.Provider value={i18n}>
      <div className="page">
        <header className="top">
          <p className="top__title">{refund?.shopName ?? i18n.t("page.title")}</p>
          <LanguageSwitch onChange={choose} />
        </header>
        <main className="content" data-testid="refund-page" data-state={state}>
          <ScreenView
            screen={screen}
            state={state}
            focusHeading={moved}
            token={token}
            onRetry={retry}
            onRefused={refused}
            onDone={(done, destination) => {
              setMoved(true);
              setScreen({ kind: "done", refund: done, destination });
            }}
          />
        </main>
      </div>
    </I18nContext.Provider>
  );
}

type ScreenProps = {
  screen: Screen;
  state: State;
  focusHeading: boolean;
  token: string;
  onRetry(): void;
  onRefused(reason: LinkRefusal): void;
  onDone(refund: RefundRequestFieldsFragment, destination: Destination): void;
};

function ScreenView({ screen, state, focusHeading, token, onRetry, onRefused, onDone }: ScreenProps) {
  const i18n = useI18n();
  const { t } = i18n;
  switch (screen.kind) {
    case "loading":
      return (
        <p className="loading" role="status">
          {t("loading")}
        </p>
      );
    case "notFound":
      return <StatusPage testIdPrefix="refund" title={t("notFound.title")} body={t("notFound.body")} focus={focusHeading} tone="problem" />;
    case "failed":
      return <StatusPage testIdPrefix="refund" title={t("failed.title")} body={t("failed.body")} focus={focusHeading} tone="problem" onRetry={onRetry} />;
    case "throttled":
      return (
        <StatusPage
          testIdPrefix="refund"
          title={t("throttled.title")}
          body={screen.retryAfterSeconds === null ? t("error.THROTTLED.generic") : t("error.THROTTLED", { wait: i18n.wait(screen.retryAfterSeconds) })}
          focus={focusHeading}
          tone="problem"
          onRetry={onRetry}
        />
      );
    case "done": {
      const destination = screen.destination.kind === "PIX" ? t("done.PIX") : t("done.BANK", { bank: screen.destination.bankName });
      return (
        <StatusPage
          testIdPrefix="refund"
          title={t("done.title")}
          body={t("done.body", { shop: screen.refund.shopName, amount: i18n.money(screen.refund.amount), destination })}
          focus={focusHeading}
          tone="success"
        >
          <RefundSummary refund={screen.refund} brief />
          <p className="status__note">{t("done.close")}</p>
        </StatusPage>
      );
    }
    case "refund": {
      const { refund } = screen;
      if (state === "form") {
        return (
          <>
            <Heading focus={focusHeading} testId="refund-title">
              {t("form.title")}
            </Heading>
            <p className="intro">{t("form.intro", { shop: refund.shopName, amount: i18n.money(refund.amount), number: String(refund.orderNumber) })}</p>
            <RefundSummary refund={refund} />
            <RefundForm token={token} onDone={onDone} onRefused={onRefused} />
          </>
        );
      }
      const page = state === "expired" ? "expired" : state === "locked" ? "locked" : state === "paid" ? "paid" : "used";
      return (
        <StatusPage testIdPrefix="refund" title={t(`${page}.title`)} body={t(`${page}.body`)} focus={focusHeading} tone={page === "used" || page === "paid" ? "success" : "problem"}>
          <RefundSummary refund={refund} brief />
        </StatusPage>
      );
    }
  }
}
