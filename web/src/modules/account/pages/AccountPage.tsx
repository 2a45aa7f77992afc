import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { Field } from "../../../app/ui/Field";
import "../../team/team.css";
import { useChangePasswordMutation, useMySessionsQuery, useRevokeSessionMutation } from "../../../generated/graphql";

const MIN_PASSWORD_LENGTH = 10;

/** Minha conta: change the password, see and end one's own sessions. */
export function AccountPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const sessions = useMySessionsQuery({ fetchPolicy: "cache-and-network" });
  const [revoke] = useRevokeSessionMutation();
  const [change, { loading }] = useChangePasswordMutation();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [errors, setErrors] = useState<{ current?: string; next?: string }>({});
  const [changed, setChanged] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setChanged(false);
    if (next.length < MIN_PASSWORD_LENGTH) return setErrors({ next: t("accountLinks.passwordTooShort", { count: MIN_PASSWORD_LENGTH }) });
    const { data } = await change({ variables: { currentPassword: current, newPassword: next } });
    const refused = data?.changePassword.userErrors[0];
    if (refused) return setErrors(refused.field === "currentPassword" ? { current: t("account.currentWrong") } : { next: refused.message });
    setErrors({});
    setCurrent("");
    setNext("");
    setChanged(true);
    await sessions.refetch();
  }

  return (
    <div className="shop-settings" data-testid="account-page">
      <h1>{t("account.title")}</h1>
      <section className="card" aria-labelledby="account-password">
        <h2 id="account-password">{t("account.passwordTitle")}</h2>
        <form className="form-stack" onSubmit={submit} noValidate data-testid="change-password-form">
          <Field label={t("account.currentPassword")} error={errors.current} testId="current-password">
            {(control) => <input {...control} className="input" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} data-testid="current-password" />}
          </Field>
          <Field label={t("accountLinks.newPassword")} error={errors.next} testId="new-password">
            {(control) => <input {...control} className="input" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} data-testid="new-password" />}
          </Field>
          {changed && (
            <p role="status" data-testid="password-changed">
              {t("account.passwordChanged")}
            </p>
          )}
          <button type="submit" className="button button--primary" disabled={loading} data-testid="change-password-submit">
            {t("account.passwordSubmit")}
          </button>
        </form>
      </section>
      <section className="card" aria-labelledby="account-sessions">
        <h2 id="account-sessions">{t("account.sessionsTitle")}</h2>
        <ul data-testid="my-sessions">
          {(sessions.data?.mySessions ?? []).map((s) => (
            <li key={s.id} data-testid="my-session">
              <strong>{s.device ?? t("account.unknownDevice")}</strong> — {t("account.signedIn", { when: format.dateTime(s.createdAt) })}, {t("account.lastSeen", { when: format.dateTime(s.lastSeenAt) })}{" "}
              {s.current ? (
                <span className="muted">({t("account.thisSession")})</span>
              ) : (
                <button
                  type="button"
                  className="button"
                  onClick={async () => {
                    await revoke({ variables: { sessionId: s.id } });
                    await sessions.refetch();
                  }}
                  data-testid="revoke-session"
                >
                  {t("account.revoke")}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
