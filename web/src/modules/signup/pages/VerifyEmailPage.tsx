import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { useSessionToken } from "../../../app/auth";
import { useVerifyEmailMutation } from "../../../generated/graphql";
import { PublicCard } from "../../auth/pages/AccountLinkPages";

type Outcome = "VERIFYING" | "VERIFIED" | "LINK_INVALID" | "LINK_USED" | "LINK_EXPIRED" | "EMAIL_CHANGED" | "FAILED";
const REFUSALS = new Set<Outcome>(["LINK_INVALID", "LINK_USED", "LINK_EXPIRED", "EMAIL_CHANGED"]);

/** /verify-email/:token — the link from the sign-up e-mail: confirms the address at once (once). */
export function VerifyEmailPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const session = useSessionToken();
  const [verify] = useVerifyEmailMutation({ refetchQueries: session ? ["CurrentUser", "FirstSteps"] : [] });
  const [outcome, setOutcome] = useState<Outcome>("VERIFYING");
  const started = useRef(false);

  useEffect(() => {
    // Once per visit: a second call would find the link used.
    if (started.current) return;
    started.current = true;
    verify({ variables: { token } })
      .then(({ data }) => {
        if (data?.verifyEmail.verified) return setOutcome("VERIFIED");
        const code = data?.verifyEmail.userErrors[0]?.code as Outcome | undefined;
        setOutcome(code && REFUSALS.has(code) ? code : "FAILED");
      })
      .catch(() => setOutcome("FAILED"));
  }, [token, verify]);

  return (
    <PublicCard title={t("verifyEmail.title")}>
      <p role={outcome === "VERIFYING" ? "status" : outcome === "VERIFIED" ? "status" : "alert"} data-testid="verify-email-outcome" data-outcome={outcome}>
        {t(`verifyEmail.outcome.${outcome}`)}
      </p>
      <p>{session ? <Link to="/orders">{t("verifyEmail.toDesk")}</Link> : <Link to="/login">{t("accountLinks.backToLogin")}</Link>}</p>
    </PublicCard>
  );
}
