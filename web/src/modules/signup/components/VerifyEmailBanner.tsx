import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCurrentUserQuery, useResendVerificationEmailMutation } from "../../../generated/graphql";
import "./signup.css";

/** For a signed-in user whose e-mail is not confirmed yet: what it holds back, and "resend". */
export function VerifyEmailBanner() {
  const { t } = useTranslation();
  const { data } = useCurrentUserQuery();
  const [resend, { loading }] = useResendVerificationEmailMutation();
  const [note, setNote] = useState<string | null>(null);
  const me = data?.me;
  if (!me || me.emailVerified) return null;

  async function ask() {
    try {
      const { data: result } = await resend();
      const payload = result?.resendVerificationEmail;
      if (payload?.sent) return setNote(t("verifyEmail.banner.sent", { email: me!.email }));
      if (payload?.userErrors.some((e) => e.code === "THROTTLED")) return setNote(t("verifyEmail.banner.throttled"));
      setNote(t("accountLinks.failed"));
    } catch {
      setNote(t("accountLinks.failed"));
    }
  }

  return (
    <section className="alert alert--warning verify-banner" aria-labelledby="verify-banner-title" data-testid="verify-email-banner">
      <div>
        <h2 id="verify-banner-title" className="verify-banner__title">
          {t("verifyEmail.banner.title")}
        </h2>
        <p>{t("verifyEmail.banner.text", { email: me.email })}</p>
        <p role="status" data-testid="verify-email-banner-note">
          {note}
        </p>
      </div>
      <button type="button" className="button button--small" onClick={ask} disabled={loading} data-testid="verify-email-resend">
        {t("verifyEmail.banner.resend")}
      </button>
    </section>
  );
}
