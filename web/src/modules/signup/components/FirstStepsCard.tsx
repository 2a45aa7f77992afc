import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useHasRole } from "../../../app/roles";
import { useCurrentUserQuery, useFirstStepsQuery } from "../../../generated/graphql";
import { API_KEYS_PATH } from "../../api-keys/paths";
import "./signup.css";

const storageKey = (userId: string) => `ruptura.firstSteps.dismissed.${userId}`;

function wasDismissed(userId: string): boolean {
  try {
    return localStorage.getItem(storageKey(userId)) === "1";
  } catch {
    return false;
  }
}

type Step = { id: string; done: boolean | null; label: string; link?: { to: string; text: string } };

/**
 * The desk's first steps for a new shop, each done or not from the shop's data (firstSteps),
 * only those the user's role can do. Shown until the shop's first order, everything done, or "dismiss".
 */
export function FirstStepsCard() {
  const { t } = useTranslation();
  const me = useCurrentUserQuery().data?.me;
  const { data } = useFirstStepsQuery({ fetchPolicy: "cache-and-network" });
  const isManager = useHasRole("MANAGER");
  const [dismissed, setDismissed] = useState(false);
  const steps = data?.firstSteps;
  if (!me || !steps || steps.ordersReceived || dismissed || wasDismissed(me.id)) return null;

  const list: Step[] = [
    { id: "email", done: steps.emailVerified, label: t("firstSteps.email", { email: me.email }) },
    ...(isManager
      ? [
          { id: "products", done: steps.productsAdded, label: t("firstSteps.products"), link: { to: "/stock", text: t("firstSteps.productsLink") } },
          { id: "payout", done: steps.payoutAccountSet, label: t("firstSteps.payout"), link: { to: "/settings", text: t("firstSteps.payoutLink") } },
          { id: "team", done: steps.teamInvited, label: t("firstSteps.team"), link: { to: "/team", text: t("firstSteps.teamLink") } },
          { id: "apiKey", done: steps.apiKeyCreated, label: t("firstSteps.apiKey"), link: { to: API_KEYS_PATH, text: t("firstSteps.apiKeyLink") } },
        ]
      : []),
  ];
  if (list.every((s) => s.done !== false)) return null;

  function dismiss() {
    try {
      localStorage.setItem(storageKey(me!.id), "1");
    } catch {
      // hidden for this visit only
    }
    setDismissed(true);
  }

  return (
    <section className="card first-steps" aria-labelledby="first-steps-title" data-testid="first-steps">
      <div className="first-steps__header">
        <h2 id="first-steps-title">{t("firstSteps.title")}</h2>
        <button type="button" className="button button--small button--ghost" onClick={dismiss} data-testid="first-steps-dismiss">
          {t("firstSteps.dismiss")}
        </button>
      </div>
      <ol className="first-steps__list">
        {list.map((step) => (
          <li key={step.id} className="first-steps__step" data-testid={`first-step-${step.id}`} data-done={step.done === null ? "later" : String(step.done)}>
            <span className={`first-steps__mark first-steps__mark--${step.done === null ? "later" : step.done ? "done" : "todo"}`} aria-hidden="true">
              {step.done ? "✓" : step.done === null ? "…" : "○"}
            </span>
            <span>
              {step.label} <span className="first-steps__state">({step.done === null ? t("firstSteps.later") : step.done ? t("firstSteps.done") : t("firstSteps.todo")})</span>
              {step.link && !step.done && (
                <>
                  {" "}
                  <Link to={step.link.to}>{step.link.text}</Link>
                </>
              )}
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
