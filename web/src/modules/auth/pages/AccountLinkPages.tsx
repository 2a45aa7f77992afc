import { useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useParams } from "react-router";
import { setToken, useSessionToken } from "../../../app/auth";
import { LanguageSwitcher } from "../../../app/layout/LanguageSwitcher";
import { Field } from "../../../app/ui/Field";
import { useAcceptInvitationMutation, useRequestPasswordResetMutation, useResetPasswordMutation } from "../../../generated/graphql";
import "./LoginPage.css";

/** The server's minimum (server/src/modules/auth/team.service.ts). */
const MIN_PASSWORD_LENGTH = 10;

/** The public pages next to /login: the same card, no merchant navigation. */
export function PublicCard({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="login-page">
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
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}

function FormAlert({ messages }: { messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="alert alert--danger" role="alert" data-testid="account-link-error">
      {messages.map((message) => (
        <p key={message}>{message}</p>
      ))}
    </div>
  );
}

function PasswordInput({ label, value, onChange, error, testId }: { label: string; value: string; onChange: (value: string) => void; error?: string; testId: string }) {
  return (
    <Field label={label} error={error} testId={testId}>
      {(control) => <input {...control} className="input" type="password" autoComplete="new-password" value={value} onChange={(event) => onChange(event.target.value)} data-testid={testId} />}
    </Field>
  );
}

/** /invite/:token — the invited person chooses their name and password, and is signed in. */
export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const session = useSessionToken();
  const [accept, { loading }] = useAcceptInvitationMutation();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ name?: string; password?: string; form: string[] }>({ form: [] });

  if (session) return <Navigate to="/orders" replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next: typeof errors = { form: [] };
    if (!name.trim()) next.name = t("accountLinks.nameRequired");
    if (password.length < MIN_PASSWORD_LENGTH) next.password = t("accountLinks.passwordTooShort", { count: MIN_PASSWORD_LENGTH });
    setErrors(next);
    if (next.name || next.password) return;
    try {
      const { data } = await accept({ variables: { token, name: name.trim(), password } });
      const result = data?.acceptInvitation;
      if (result?.token) {
        setToken(result.token);
        return;
      }
      const linkDead = result?.userErrors.some((e) => e.field === "token");
      setErrors({ form: [linkDead ? t("accountLinks.invitationInvalid") : (result?.userErrors[0]?.message ?? t("accountLinks.failed"))] });
    } catch {
      setErrors({ form: [t("accountLinks.failed")] });
    }
  }

  return (
    <PublicCard title={t("accountLinks.invitationTitle")}>
      <p className="muted">{t("accountLinks.invitationSubtitle")}</p>
      <form className="login-form" onSubmit={submit} noValidate data-testid="accept-invitation-form">
        <FormAlert messages={errors.form} />
        <Field label={t("accountLinks.name")} error={errors.name} testId="invite-name">
          {(control) => <input {...control} className="input" autoComplete="name" value={name} onChange={(event) => setName(event.target.value)} data-testid="invite-name" />}
        </Field>
        <PasswordInput label={t("accountLinks.newPassword")} value={password} onChange={setPassword} error={errors.password} testId="invite-password" />
        <button type="submit" className="button button--primary login-form__submit" disabled={loading} data-testid="invite-submit">
          {t("accountLinks.acceptSubmit")}
        </button>
      </form>
    </PublicCard>
  );
}

/** /forgot-password — asks for a reset link; the answer never says whether the e-mail has an account. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [request, { loading }] = useRequestPasswordResetMutation();
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const [errors, setErrors] = useState<{ email?: string; form: string[] }>({ form: [] });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!email.trim()) return setErrors({ email: t("login.emailRequired"), form: [] });
    setErrors({ form: [] });
    try {
      const { data } = await request({ variables: { email: email.trim() } });
      if (data?.requestPasswordReset.requested) return setSent(true);
      setErrors({ form: [data?.requestPasswordReset.retryAfterSeconds ? t("accountLinks.throttled") : t("accountLinks.failed")] });
    } catch {
      setErrors({ form: [t("accountLinks.failed")] });
    }
  }

  return (
    <PublicCard title={t("accountLinks.forgotTitle")}>
      {sent ? (
        <p role="status" data-testid="reset-requested">
          {t("accountLinks.resetRequested")}
        </p>
      ) : (
        <form className="login-form" onSubmit={submit} noValidate data-testid="forgot-password-form">
          <p className="muted">{t("accountLinks.forgotSubtitle")}</p>
          <FormAlert messages={errors.form} />
          <Field label={t("login.email")} error={errors.email} testId="forgot-email">
            {(control) => <input {...control} className="input" type="email" autoComplete="username" value={email} onChange={(event) => setEmail(event.target.value)} data-testid="forgot-email" />}
          </Field>
          <button type="submit" className="button button--primary login-form__submit" disabled={loading} data-testid="forgot-submit">
            {t("accountLinks.forgotSubmit")}
          </button>
        </form>
      )}
      <p>
        <Link to="/login">{t("accountLinks.backToLogin")}</Link>
      </p>
    </PublicCard>
  );
}

/** /reset-password/:token — a new password from the e-mailed link; then sign in with it. */
export function ResetPasswordPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const [reset, { loading }] = useResetPasswordMutation();
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const [errors, setErrors] = useState<{ password?: string; form: string[] }>({ form: [] });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password.length < MIN_PASSWORD_LENGTH) return setErrors({ password: t("accountLinks.passwordTooShort", { count: MIN_PASSWORD_LENGTH }), form: [] });
    setErrors({ form: [] });
    try {
      const { data } = await reset({ variables: { token, password } });
      if (data?.resetPassword.done) return setDone(true);
      const linkDead = data?.resetPassword.userErrors.some((e) => e.field === "token");
      setErrors({ form: [linkDead ? t("accountLinks.resetInvalid") : (data?.resetPassword.userErrors[0]?.message ?? t("accountLinks.failed"))] });
    } catch {
      setErrors({ form: [t("accountLinks.failed")] });
    }
  }

  return (
    <PublicCard title={t("accountLinks.resetTitle")}>
      {done ? (
        <p role="status" data-testid="reset-done">
          {t("accountLinks.resetDone")}
        </p>
      ) : (
        <form className="login-form" onSubmit={submit} noValidate data-testid="reset-password-form">
          <FormAlert messages={errors.form} />
          <PasswordInput label={t("accountLinks.newPassword")} value={password} onChange={setPassword} error={errors.password} testId="reset-password" />
          <button type="submit" className="button button--primary login-form__submit" disabled={loading} data-testid="reset-submit">
            {t("accountLinks.resetSubmit")}
          </button>
        </form>
      )}
      <p>
        <Link to="/login">{t("accountLinks.backToLogin")}</Link>
      </p>
    </PublicCard>
  );
}
