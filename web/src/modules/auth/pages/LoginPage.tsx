import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation } from "react-router";
import { setToken, useSessionToken } from "../../../app/auth";
import { LanguageSwitcher } from "../../../app/layout/LanguageSwitcher";
import { Field } from "../../../app/ui/Field";
import { errorsByField } from "../../../app/user-errors";
import { useLoginMutation, useSignUpOpenQuery } from "../../../generated/graphql";
import "./LoginPage.css";

type LoginField = "email" | "password";
const FIELDS: readonly LoginField[] = ["email", "password"];

/** "in 15 minutes", "em 15 minutos", "za 15 minut": a wait in the largest whole unit, rounded up. */
function waitText(seconds: number, language: string): string {
  const format = new Intl.RelativeTimeFormat(language, { numeric: "always" });
  if (seconds < 60) return format.format(seconds, "second");
  if (seconds < 3600) return format.format(Math.ceil(seconds / 60), "minute");
  return format.format(Math.ceil(seconds / 3600), "hour");
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const token = useSessionToken();
  const location = useLocation();
  const [login, { loading }] = useLoginMutation();
  const signUpOpen = useSignUpOpenQuery().data?.signUpOpen === true;
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<LoginField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);

  if (token) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== "/login" ? from : "/orders"} replace />;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const missing: Partial<Record<LoginField, string>> = {};
    if (!email.trim()) missing.email = t("login.emailRequired");
    if (!password) missing.password = t("login.passwordRequired");
    setFieldErrors(missing);
    setFormErrors([]);
    if (Object.keys(missing).length > 0) return;

    try {
      const { data } = await login({ variables: { email: email.trim(), password } });
      const result = data?.login;
      if (result?.token) {
        setToken(result.token); // re-renders into the <Navigate> above
        return;
      }
      if (result?.userErrors.some((error) => error.code === "THROTTLED") && result.retryAfterSeconds) {
        setFormErrors([t("login.throttled", { when: waitText(result.retryAfterSeconds, i18n.language) })]);
        return;
      }
      const errors = errorsByField(result?.userErrors ?? [], FIELDS, t);
      setFieldErrors(errors.fields);
      setFormErrors(errors.form.length || Object.keys(errors.fields).length ? errors.form : [t("login.failed")]);
    } catch {
      setFormErrors([t("login.failed")]);
    }
  }

  return (
    <div className="login-page">
      {/* A landmark of its own, so nothing on the page sits outside one. */}
      <header className="login-page__language">
        <LanguageSwitcher />
      </header>
      <main className="login-card card">
        <div className="login-card__brand">
          <svg viewBox="0 0 32 32" aria-hidden="true" className="login-card__logo">
            <rect width="32" height="32" rx="8" fill="var(--color-brand)" />
            <path d="M9 23V9h7.5a4.5 4.5 0 0 1 0 9H13l6 5" fill="none" stroke="var(--color-accent)" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span>{t("app.name")}</span>
        </div>
        <h1>{t("login.title")}</h1>
        <p className="muted">{t("login.subtitle")}</p>
        <form className="login-form" onSubmit={submit} noValidate data-testid="login-form">
          {formErrors.length > 0 && (
            <div className="alert alert--danger" role="alert" data-testid="login-error">
              {formErrors.map((message) => (
                <p key={message}>{message}</p>
              ))}
            </div>
          )}
          <Field label={t("login.email")} error={fieldErrors.email} testId="login-email">
            {(control) => (
              <input
                {...control}
                className="input"
                type="email"
                name="email"
                autoComplete="username"
                inputMode="email"
                autoFocus
                value={email}
                onChange={(event) => setEmail(event.target.value)}
                data-testid="login-email"
              />
            )}
          </Field>
          <Field label={t("login.password")} error={fieldErrors.password} testId="login-password">
            {(control) => (
              <input
                {...control}
                className="input"
                type="password"
                name="password"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                data-testid="login-password"
              />
            )}
          </Field>
          <button type="submit" className="button button--primary login-form__submit" disabled={loading} data-testid="login-submit">
            {loading ? t("login.submitting") : t("login.submit")}
          </button>
        </form>
        <p className="login-card__forgot">
          <Link to="/forgot-password" data-testid="login-forgot">
            {t("login.forgot")}
          </Link>
        </p>
        {signUpOpen && (
          <p className="login-card__forgot">
            {t("login.noShop")}{" "}
            <Link to="/signup" data-testid="login-signup">
              {t("login.signup")}
            </Link>
          </p>
        )}
      </main>
    </div>
  );
}
