import { useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate } from "react-router";
import { setToken, useSessionToken } from "../../../app/auth";
import { isLanguage, type Language } from "../../../app/i18n";
import { Field } from "../../../app/ui/Field";
import { browserTimeZone, TimeZoneField } from "../../../app/ui/TimeZoneField";
import { SHOP_CURRENCIES, SHOP_LOCALES } from "../../../app/shop-options";
import { errorsByField } from "../../../app/user-errors";
import { useSignUpMutation, useSignUpOpenQuery } from "../../../generated/graphql";
import { PublicCard } from "../../auth/pages/AccountLinkPages";

/** The server's minimum (server/src/modules/auth/team.service.ts). */
const MIN_PASSWORD_LENGTH = 10;
const LOCALES: readonly Language[] = SHOP_LOCALES;
const LOCALE_NAMES: Record<Language, string> = { "pt-BR": "Português (Brasil)", en: "English", pl: "Polski" };
const FIELDS = ["shopName", "currency", "locale", "timeZone", "name", "email", "password"] as const;
type SignUpField = (typeof FIELDS)[number];

/** The currency a shop in this language most likely uses. */
const currencyFor = (language: string) => (language === "pl" ? "PLN" : language === "en" ? "USD" : "BRL");

/** /signup — a new shop and its owner; lands signed in on the desk. */
export function SignupPage() {
  const { t, i18n } = useTranslation();
  const session = useSessionToken();
  const open = useSignUpOpenQuery();
  const [signUp, { loading }] = useSignUpMutation();
  const zone = useMemo(browserTimeZone, []);
  const [values, setValues] = useState<Record<SignUpField, string>>(() => ({
    shopName: "",
    currency: currencyFor(i18n.language),
    locale: isLanguage(i18n.language) ? i18n.language : "pt-BR",
    timeZone: zone,
    name: "",
    email: "",
    password: "",
  }));
  const [errors, setErrors] = useState<{ fields: Partial<Record<SignUpField, string>>; form: string[] }>({ fields: {}, form: [] });

  if (session) return <Navigate to="/orders" replace />;
  if (open.data && !open.data.signUpOpen) {
    return (
      <PublicCard title={t("signup.title")}>
        <p role="status" data-testid="signup-closed">
          {t("signup.closed")}
        </p>
        <p>
          <Link to="/login">{t("accountLinks.backToLogin")}</Link>
        </p>
      </PublicCard>
    );
  }

  const set = (field: SignUpField) => (event: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: event.target.value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const missing: Partial<Record<SignUpField, string>> = {};
    if (!values.shopName.trim()) missing.shopName = t("signup.shopNameRequired");
    if (!values.name.trim()) missing.name = t("accountLinks.nameRequired");
    if (!values.email.trim()) missing.email = t("login.emailRequired");
    if (values.password.length < MIN_PASSWORD_LENGTH) missing.password = t("accountLinks.passwordTooShort", { count: MIN_PASSWORD_LENGTH });
    setErrors({ fields: missing, form: [] });
    if (Object.keys(missing).length > 0) return;
    try {
      const { data } = await signUp({ variables: { input: { ...values, shopName: values.shopName.trim(), name: values.name.trim(), email: values.email.trim() } } });
      const result = data?.signUp;
      if (result?.token) {
        if (isLanguage(values.locale)) void i18n.changeLanguage(values.locale);
        setToken(result.token); // re-renders into the <Navigate> above: the desk
        return;
      }
      if (result?.userErrors.some((e) => e.code === "THROTTLED")) return setErrors({ fields: {}, form: [t("signup.throttled")] });
      const byField = errorsByField(result?.userErrors ?? [], FIELDS, t);
      setErrors({ fields: byField.fields, form: byField.form.length || Object.keys(byField.fields).length ? byField.form : [t("accountLinks.failed")] });
    } catch {
      setErrors({ fields: {}, form: [t("accountLinks.failed")] });
    }
  }

  const text = (field: SignUpField, label: string, props: { type?: string; autoComplete?: string; inputMode?: "email" } = {}) => (
    <Field label={label} error={errors.fields[field]} testId={`signup-${field}`}>
      {(control) => <input {...control} className="input" type={props.type ?? "text"} autoComplete={props.autoComplete} inputMode={props.inputMode} value={values[field]} onChange={set(field)} data-testid={`signup-${field}`} />}
    </Field>
  );

  return (
    <PublicCard title={t("signup.title")}>
      <p className="muted">{t("signup.subtitle")}</p>
      <form className="login-form" onSubmit={submit} noValidate data-testid="signup-form">
        {errors.form.length > 0 && (
          <div className="alert alert--danger" role="alert" data-testid="signup-error">
            {errors.form.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </div>
        )}
        {text("shopName", t("signup.shopName"), { autoComplete: "organization" })}
        <Field label={t("signup.currency")} error={errors.fields.currency} testId="signup-currency">
          {(control) => (
            <select {...control} className="input" value={values.currency} onChange={set("currency")} data-testid="signup-currency">
              {SHOP_CURRENCIES.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t("signup.locale")} error={errors.fields.locale} testId="signup-locale">
          {(control) => (
            <select {...control} className="input" value={values.locale} onChange={set("locale")} data-testid="signup-locale">
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TimeZoneField
          label={t("signup.timeZone")}
          hint={t("signup.timeZoneHint")}
          error={errors.fields.timeZone}
          value={values.timeZone}
          onChange={(timeZone) => setValues((current) => ({ ...current, timeZone }))}
          testId="signup-timeZone"
        />
        {text("name", t("accountLinks.name"), { autoComplete: "name" })}
        {text("email", t("login.email"), { type: "email", autoComplete: "username", inputMode: "email" })}
        <Field label={t("login.password")} hint={t("accountLinks.passwordTooShort", { count: MIN_PASSWORD_LENGTH })} error={errors.fields.password} testId="signup-password">
          {(control) => <input {...control} className="input" type="password" autoComplete="new-password" value={values.password} onChange={set("password")} data-testid="signup-password" />}
        </Field>
        <button type="submit" className="button button--primary login-form__submit" disabled={loading} data-testid="signup-submit">
          {loading ? t("signup.submitting") : t("signup.submit")}
        </button>
      </form>
      <p className="login-card__forgot">
        <Link to="/login">{t("signup.haveAccount")}</Link>
      </p>
    </PublicCard>
  );
}
