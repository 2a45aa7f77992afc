import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { requestFailureText } from "../../../app/request-failure";
import { errorsByField } from "../../../app/user-errors";
import { Field } from "../../../app/ui/Field";
import { FormActions } from "../../../app/ui/FormActions";
import { ErrorState } from "../../../app/ui/States";
import { type ShopSettingsFieldsFragment, useShopSettingsQuery, useUpdateShopSettingsMutation } from "../../../generated/graphql";
import { TimeZoneField } from "../../../app/ui/TimeZoneField";
import { MAX_REFUND_LINK_DAYS, MAX_SHOP_NAME_LENGTH, SHOP_CURRENCIES, SHOP_LOCALES } from "../../../app/shop-options";


type ShopField = "name" | "currency" | "locale" | "timeZone" | "refundLinkDays";
const FIELDS: readonly ShopField[] = ["name", "currency", "locale", "timeZone", "refundLinkDays"];

type Draft = { name: string; currency: string; locale: string; timeZone: string; refundLinkDays: string };
const draftOf = (shop: ShopSettingsFieldsFragment): Draft => ({
  name: shop.name,
  currency: shop.currency,
  locale: shop.locale,
  timeZone: shop.timeZone,
  refundLinkDays: String(shop.refundLinkDays),
});

/**
 * "Loja": the shop's name, currency (fixed once it has orders), language, time zone and how long a
 * refund link stays valid, saved together with updateShopSettings.
 */
export function ShopDetailsSection() {
  const { t } = useTranslation();
  const { data, error, loading, refetch } = useShopSettingsQuery({ fetchPolicy: "cache-and-network" });
  const shop = data?.me.shop;
  return (
    <section className="card" aria-labelledby="shop-details-title" data-testid="shop-details-settings">
      <div className="card__header">
        <h2 id="shop-details-title">{t("settings.shop.title")}</h2>
      </div>
      <div className="card__body shop-settings__body">
        {shop ? (
          <ShopDetailsForm shop={shop} />
        ) : error ? (
          <ErrorState onRetry={() => void refetch()} />
        ) : (
          loading && (
            <p className="muted" aria-busy="true">
              {t("common.loading")}
            </p>
          )
        )}
      </div>
    </section>
  );
}

function ShopDetailsForm({ shop }: { shop: ShopSettingsFieldsFragment }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(shop));
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<ShopField, string>>>({});
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [update, { loading }] = useUpdateShopSettingsMutation();

  const set = (changes: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...changes }));
    setFieldErrors((current) => {
      const next = { ...current };
      for (const key of Object.keys(changes) as ShopField[]) delete next[key];
      return next;
    });
    setSaved(false);
  };
  const reset = () => {
    setDraft(draftOf(shop));
    setFieldErrors({});
    setFormErrors([]);
  };

  /** The texts that name the limits, in the merchant's language, for the codes that have one. */
  const fieldText = (field: ShopField, code: string): string | null => {
    if (field === "refundLinkDays") return t("settings.shop.refundLinkDaysRange", { max: MAX_REFUND_LINK_DAYS });
    if (field === "name") return code === "REQUIRED" ? t("settings.shop.nameRequired") : t("settings.shop.nameTooLong", { max: MAX_SHOP_NAME_LENGTH });
    if (field === "timeZone") return t("settings.shop.timeZoneInvalid");
    if (field === "currency" && code === "CURRENCY_LOCKED") return t("settings.shop.currencyLocked");
    return null;
  };

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (loading) return;
    setSaved(false);
    const days = /^\s*\d+\s*$/.test(draft.refundLinkDays) ? Number(draft.refundLinkDays) : NaN;
    const invalid: Partial<Record<ShopField, string>> = {};
    if (!draft.name.trim()) invalid.name = fieldText("name", "REQUIRED")!;
    if (!Number.isInteger(days) || days < 1 || days > MAX_REFUND_LINK_DAYS) invalid.refundLinkDays = fieldText("refundLinkDays", "OUT_OF_RANGE")!;
    if (!draft.timeZone.trim()) invalid.timeZone = fieldText("timeZone", "INVALID_FORMAT")!;
    setFieldErrors(invalid);
    setFormErrors([]);
    if (Object.keys(invalid).length > 0) return;
    try {
      const { data } = await update({
        variables: {
          input: {
            name: draft.name,
            locale: draft.locale,
            timeZone: draft.timeZone.trim(),
            refundLinkDays: days,
            // A fixed currency is not sent: it cannot change.
            ...(shop.currencyLocked ? {} : { currency: draft.currency }),
          },
        },
      });
      const result = data?.updateShopSettings;
      if (result?.shop && result.userErrors.length === 0) {
        setDraft(draftOf(result.shop));
        setSaved(true);
        return;
      }
      const userErrors = result?.userErrors ?? [];
      const errors = errorsByField(userErrors, FIELDS, t);
      for (const e of userErrors) {
        const field = FIELDS.find((f) => f === e.field);
        const text = field && fieldText(field, e.code);
        if (field && text) errors.fields[field] = text;
      }
      setFieldErrors(errors.fields);
      setFormErrors(errors.form.length || Object.keys(errors.fields).length ? errors.form : [t("settings.shop.failed")]);
    } catch (failure) {
      setFormErrors([requestFailureText(failure, t, t("settings.shop.failed"))]);
    }
  }

  return (
    <form className="shop-settings__form" onSubmit={submit} noValidate data-testid="shop-details-form">
      <Field label={t("settings.shop.name")} error={fieldErrors.name} testId="shop-name">
        {(control) => (
          <input {...control} className="input" value={draft.name} maxLength={MAX_SHOP_NAME_LENGTH} onChange={(event) => set({ name: event.target.value })} data-testid="shop-name" />
        )}
      </Field>
      <Field
        label={t("settings.shop.currency")}
        hint={shop.currencyLocked ? t("settings.shop.currencyLockedHint") : t("settings.shop.currencyHint")}
        error={fieldErrors.currency}
        testId="shop-currency"
      >
        {(control) => (
          <select
            {...control}
            className="select"
            value={draft.currency}
            disabled={shop.currencyLocked}
            onChange={(event) => set({ currency: event.target.value })}
            data-testid="shop-currency"
          >
            {SHOP_CURRENCIES.map((code) => (
              <option key={code} value={code}>
                {t(`settings.shop.currencies.${code}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t("settings.shop.locale")} hint={t("settings.shop.localeHint")} error={fieldErrors.locale} testId="shop-locale">
        {(control) => (
          <select {...control} className="select" value={draft.locale} onChange={(event) => set({ locale: event.target.value })} data-testid="shop-locale">
            {SHOP_LOCALES.map((code) => (
              <option key={code} value={code} lang={code}>
                {t(`settings.shop.locales.${code}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <TimeZoneField
        label={t("settings.shop.timeZone")}
        hint={t("settings.shop.timeZoneHint", { zone: shop.timeZone })}
        error={fieldErrors.timeZone}
        value={draft.timeZone}
        onChange={(timeZone) => set({ timeZone })}
        testId="shop-time-zone"
      />
      <Field label={t("settings.shop.refundLinkDays")} hint={t("settings.shop.refundLinkDaysHint", { max: MAX_REFUND_LINK_DAYS })} error={fieldErrors.refundLinkDays} testId="shop-refund-link-days">
        {(control) => (
          <input
            {...control}
            className="input shop-settings__days"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_REFUND_LINK_DAYS}
            step={1}
            value={draft.refundLinkDays}
            onChange={(event) => set({ refundLinkDays: event.target.value })}
            data-testid="shop-refund-link-days"
          />
        )}
      </Field>
      <p className="muted">
        {t("settings.shop.messagesNote")} <a href="#notification-settings-title">{t("notifications.title")}</a>. <Link to="/messages">{t("settings.shop.messagesLink")}</Link>
      </p>
      {formErrors.length > 0 && (
        <div className="alert alert--danger" role="alert" data-testid="shop-details-error">
          {formErrors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
      <p role="status" className="shop-settings__saved" data-testid="shop-details-saved">
        {saved ? t("settings.shop.saved") : null}
      </p>
      <FormActions
        onCancel={reset}
        cancelLabel={t("settings.shop.discard")}
        busy={loading}
        submitLabel={t("settings.shop.save")}
        busyLabel={t("settings.shop.saving")}
        submitTestId="shop-details-save"
      />
    </form>
  );
}
