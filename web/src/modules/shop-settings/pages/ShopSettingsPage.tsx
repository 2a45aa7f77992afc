import { useRef, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { NotificationSettingsSection } from "../../messages/components/NotificationSettingsSection";
import { ErrorState } from "../../../app/ui/States";
import { Toast } from "../../../app/ui/Toast";
import { usePayoutAccountQuery } from "../../../generated/graphql";
import { CustomerChoicesSetting } from "../components/CustomerChoicesSetting";
import { ShopDetailsSection } from "../components/ShopDetailsSection";
import { PayoutAccountFields } from "../components/PayoutAccountFields";
import { EMPTY_PAYOUT_ACCOUNT, type PayoutAccountDraft, type PayoutAccountField } from "../payout-account";
import { useSavePayoutAccount } from "../use-save-payout-account";
import "./ShopSettingsPage.css";

/**
 * "Configurações da loja": the shop itself (name, currency, language, time zone, refund link
 * validity), the payout account where refunds "ao lojista" are paid, the customers' choice and
 * which e-mails customers receive.
 */
export function ShopSettingsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, error, loading, refetch } = usePayoutAccountQuery({ fetchPolicy: "cache-and-network" });
  const account = data?.me.shop.payoutAccount ?? null;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<PayoutAccountDraft>(EMPTY_PAYOUT_ACCOUNT);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<PayoutAccountField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);
  const { save, saving } = useSavePayoutAccount();

  if (error && !data) return <ErrorState onRetry={() => void refetch()} />;
  const showForm = editing || (!loading && data && !account);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    setSaved(false);
    const result = await save(draft);
    if (result.saved) {
      setEditing(false);
      setDraft(EMPTY_PAYOUT_ACCOUNT);
      setFieldErrors({});
      setFormErrors([]);
      setSaved(true);
      return;
    }
    setFieldErrors(result.fields);
    setFormErrors(result.form);
  }

  return (
    <div className="shop-settings">
      <h1>{t("settings.title")}</h1>
      <ShopDetailsSection />
      <section className="card" aria-labelledby="payout-account-title" data-testid="payout-account-settings">
        <div className="card__header">
          <h2 id="payout-account-title">{t("payoutAccount.title")}</h2>
        </div>
        <div className="card__body shop-settings__body">
          <p className="muted">{t("payoutAccount.explanation")}</p>
          {loading && !data ? (
            <p className="muted" aria-busy="true">
              {t("common.loading")}
            </p>
          ) : account ? (
            <dl className="shop-settings__current">
              <div>
                <dt>{t("payoutAccount.current")}</dt>
                <dd className="mono" data-testid="payout-account-masked">
                  {account.masked}
                </dd>
              </div>
              <div>
                <dt>{t("payoutAccount.updatedAt")}</dt>
                <dd>
                  <time dateTime={account.updatedAt}>{format.longDateTime(account.updatedAt)}</time>
                </dd>
              </div>
            </dl>
          ) : (
            <p data-testid="payout-account-none">{t("payoutAccount.none")}</p>
          )}

          {showForm ? (
            <form className="shop-settings__form" onSubmit={submit} noValidate data-testid="payout-account-form">
              <PayoutAccountFields
                draft={draft}
                onChange={(next) => {
                  setDraft(next);
                  setFieldErrors({});
                }}
                errors={fieldErrors}
                firstFieldRef={firstField}
              />
              {formErrors.length > 0 && (
                <div className="alert alert--danger" role="alert" data-testid="payout-account-error">
                  {formErrors.map((message) => (
                    <p key={message}>{message}</p>
                  ))}
                </div>
              )}
              <div className="shop-settings__actions">
                {account && (
                  <button type="button" className="button" onClick={() => setEditing(false)}>
                    {t("common.cancel")}
                  </button>
                )}
                <button type="submit" className="button button--primary" disabled={saving} data-testid="payout-account-save">
                  {saving ? t("payoutAccount.saving") : t("payoutAccount.save")}
                </button>
              </div>
            </form>
          ) : (
            account && (
              <p>
                <button type="button" className="button" onClick={() => setEditing(true)} data-testid="payout-account-change">
                  {t("payoutAccount.change")}
                </button>
              </p>
            )
          )}
        </div>
      </section>
      <CustomerChoicesSetting />
      <NotificationSettingsSection />
      <Toast onDismiss={() => setSaved(false)} testId="payout-account-saved">
        {saved ? t("payoutAccount.saved") : null}
      </Toast>
    </div>
  );
}
