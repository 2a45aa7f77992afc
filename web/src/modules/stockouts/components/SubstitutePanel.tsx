import { useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../../app/format";
import { Field } from "../../../app/ui/Field";
import { StatusBadge } from "../../../app/ui/StatusBadge";
import { requestFailureText } from "../../../app/request-failure";
import { userErrorText } from "../../../app/user-errors";
import {
  useOfferSubstitutesMutation,
  useSubstituteCandidatesQuery,
  useSubstituteLineMutation,
  useSubstituteLinesQuery,
  useSubstitutionPreviewQuery,
  type UserErrorFieldsFragment,
} from "../../../generated/graphql";
import { refreshAfterStockChange } from "../live";
import { RefundDestinationField, useRefundDestination } from "./RefundDestinationField";
import type { ResolvedOrder } from "./ResolveOrderDialog";

/** How many candidates the search shows. */
const CANDIDATES = 10;

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

type Props = {
  orderId: string;
  onResolved: (result: ResolvedOrder) => void;
  /** A refusal that means the order changed meanwhile (resolved elsewhere, resumed by a restock). */
  onOrderChanged: (errors: readonly UserErrorFieldsFragment[]) => Promise<boolean>;
};

/**
 * "Produto equivalente": the short line, an equivalent sku found by code or name, the server's
 * preview (availability, price difference, refund, resulting status), then either an offer to the
 * customer (offerSubstitutes) or the substitution now (substituteLine, with where the difference
 * goes when the substitute is cheaper).
 */
export function SubstitutePanel({ orderId, onResolved, onOrderChanged }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const ids = useId();
  const lines = useSubstituteLinesQuery({ variables: { orderId }, fetchPolicy: "network-only" });
  const shortLines = (lines.data?.order?.lines ?? []).filter((line) => line.short > 0);
  const [lineId, setLineId] = useState<string | null>(null);
  const line = shortLines.find((candidate) => candidate.id === lineId) ?? (shortLines.length === 1 ? shortLines[0]! : null);
  const [search, setSearch] = useState("");
  const searched = useDebounced(search.trim(), 250);
  const candidates = useSubstituteCandidatesQuery({
    variables: { search: searched || null, first: CANDIDATES + 1 },
    skip: line === null,
    // What is available changes by the second: never from the cache.
    fetchPolicy: "no-cache",
  });
  const options = (candidates.data?.skus.nodes ?? []).filter((sku) => sku.id !== line?.sku.id).slice(0, CANDIDATES);
  const [skuId, setSkuId] = useState<string | null>(null);
  const sku = line && skuId ? skuId : null;
  const preview = useSubstitutionPreviewQuery({
    variables: { orderLineId: line?.id ?? "", skuId: sku ?? "" },
    skip: line === null || sku === null,
    fetchPolicy: "network-only",
  });
  const current = line && sku ? preview.data?.substitutionPreview ?? null : null;
  const refused = (current?.userErrors.length ?? 0) > 0;
  const refunding = !!current && !refused && (current.refundAmount?.amount ?? 0) > 0;
  const offered = !!line && !!sku && line.substituteOffers.some((offer) => offer.sku.id === sku);
  // A cheaper substitute refunds the difference: to whom, and the shop's account for "Reembolso ao lojista".
  const destination = useRefundDestination(refunding);
  const [errors, setErrors] = useState<string[]>([]);
  const [offer, offering] = useOfferSubstitutesMutation({
    update: (cache, { data }) => {
      if (data?.offerSubstitutes.userErrors.length === 0) refreshAfterStockChange(cache);
    },
  });
  const [substitute, substituting] = useSubstituteLineMutation({
    update: (cache, { data }) => {
      if (data?.substituteLine.userErrors.length === 0) refreshAfterStockChange(cache);
    },
  });
  const busy = offering.loading || substituting.loading || destination.saving;
  const ready = !!current && !refused && !busy;

  async function refusedWith(userErrors: readonly UserErrorFieldsFragment[]) {
    if (await onOrderChanged(userErrors)) return;
    setErrors(userErrors.length ? userErrors.map((error) => userErrorText(error, t)) : [t("resolve.failed")]);
    // What is available may have changed meanwhile: show the preview as it is now.
    void preview.refetch();
  }

  async function offerToCustomer() {
    if (!line || !sku || !ready) return;
    setErrors([]);
    try {
      const result = (await offer({ variables: { orderLineId: line.id, skuIds: [sku] } })).data?.offerSubstitutes;
      if (result?.order && result.userErrors.length === 0) return onResolved({ resolution: "SUBSTITUTE", order: result.order, refund: null, offered: true });
      await refusedWith(result?.userErrors ?? []);
    } catch (error) {
      setErrors([requestFailureText(error, t, t("resolve.failed"))]);
    }
  }

  async function substituteNow() {
    if (!line || !sku || !ready) return;
    setErrors([]);
    try {
      const prepared = await destination.prepare();
      if (!prepared.ok) return setErrors(prepared.form);
      const result = (await substitute({ variables: { orderLineId: line.id, skuId: sku, refundTo: refunding ? destination.refundTo : null } })).data?.substituteLine;
      if (result?.order && result.userErrors.length === 0) {
        return onResolved({ resolution: "SUBSTITUTE", order: result.order, refund: result.refund ?? null, refundLink: result.refundLink ?? null });
      }
      await refusedWith(result?.userErrors ?? []);
    } catch (error) {
      setErrors([requestFailureText(error, t, t("resolve.failed"))]);
    }
  }

  return (
    <div className="substitute" data-testid="substitute-panel">
      {lines.loading && !lines.data ? (
        <p className="muted">{t("resolve.previewLoading")}</p>
      ) : (
        <fieldset className="resolve-destinations">
          <legend className="resolve-form__legend">{t("substitute.lineLegend")}</legend>
          {shortLines.map((candidate) => (
            <label key={candidate.id} className="option-card option-card--compact">
              <input
                type="radio"
                className="option-card__input"
                name={`${ids}-line`}
                value={candidate.id}
                checked={line?.id === candidate.id}
                onChange={() => {
                  setLineId(candidate.id);
                  setSkuId(null);
                  setErrors([]);
                }}
                data-testid={`substitute-line-${candidate.skuCode}`}
              />
              <span className="option-card__text">
                <span className="option-card__title">{t("substitute.lineOption", { code: candidate.skuCode, name: candidate.name })}</span>
                <span className="option-card__description">
                  {t("substitute.lineShort", { count: candidate.short })} · {format.money(candidate.unitPrice)}
                </span>
              </span>
            </label>
          ))}
        </fieldset>
      )}

      {line && (
        <>
          <Field label={t("substitute.search")}>
            {(control) => (
              <input
                {...control}
                type="search"
                className="input"
                value={search}
                placeholder={t("substitute.searchPlaceholder")}
                maxLength={100}
                onChange={(event) => setSearch(event.target.value)}
                data-testid="substitute-search"
              />
            )}
          </Field>
          <fieldset className="resolve-destinations" aria-busy={candidates.loading}>
            <legend className="resolve-form__legend">{t("substitute.candidatesLegend")}</legend>
            {candidates.loading && !candidates.data ? (
              <p className="muted">{t("substitute.candidatesLoading")}</p>
            ) : options.length === 0 ? (
              <p className="muted">{t("substitute.noCandidates")}</p>
            ) : (
              options.map((option) => {
                const alreadyOffered = line.substituteOffers.some((o) => o.sku.id === option.id);
                return (
                  <label key={option.id} className="option-card option-card--compact">
                    <input
                      type="radio"
                      className="option-card__input"
                      name={`${ids}-sku`}
                      value={option.id}
                      checked={sku === option.id}
                      onChange={() => {
                        setSkuId(option.id);
                        destination.reset();
                        setErrors([]);
                      }}
                      data-testid={`substitute-sku-${option.code}`}
                    />
                    <span className="option-card__text">
                      <span className="option-card__title">
                        <span className="mono">{option.code}</span> · {option.name}
                      </span>
                      <span className="option-card__description">
                        {format.money(option.price)} · {t("substitute.available", { count: option.stock.available })}
                        {alreadyOffered && <> · {t("substitute.alreadyOffered")}</>}
                      </span>
                    </span>
                  </label>
                );
              })
            )}
          </fieldset>
        </>
      )}

      {line && sku && (
        <section className="resolve-preview" aria-labelledby={`${ids}-preview`} aria-live="polite" aria-busy={preview.loading} data-testid="substitute-preview">
          <h3 id={`${ids}-preview`} className="resolve-preview__title">
            {t("substitute.previewTitle")}
          </h3>
          {!current ? (
            preview.error ? (
              <div className="alert alert--danger" role="alert">
                <p>{t("resolve.previewFailed")}</p>
                <button type="button" className="button button--small resolve-preview__retry" onClick={() => void preview.refetch()}>
                  {t("common.retry")}
                </button>
              </div>
            ) : (
              <p className="muted">{t("substitute.previewLoading")}</p>
            )
          ) : refused ? (
            <div className="alert alert--danger" role="alert" data-testid="substitute-preview-error">
              {current.userErrors.map((error) => (
                <p key={`${error.code}:${error.field ?? ""}`} data-code={error.code}>
                  {userErrorText(error, t)}
                </p>
              ))}
            </div>
          ) : (
            <dl className="resolve-preview__totals">
              <div>
                <dt>{t("substitute.quantity")}</dt>
                <dd className="numeric" data-testid="substitute-quantity">
                  {format.number(current.quantity)}
                </dd>
              </div>
              <div>
                <dt>{t("substitute.availableNow")}</dt>
                <dd className="numeric">{format.number(current.available)}</dd>
              </div>
              {current.unitPrice && (
                <div>
                  <dt>{t("substitute.unitPrice")}</dt>
                  <dd className="numeric">{format.money(current.unitPrice)}</dd>
                </div>
              )}
              {current.priceDifference && (
                <div>
                  <dt>{t("substitute.priceDifference")}</dt>
                  <dd className="numeric" data-testid="substitute-difference">
                    {format.money(current.priceDifference)}
                  </dd>
                </div>
              )}
              {current.refundAmount && current.refundAmount.amount > 0 && (
                <div className="resolve-preview__total">
                  <dt>{t("substitute.refund")}</dt>
                  <dd className="numeric" data-testid="substitute-refund">
                    {format.money(current.refundAmount)}
                  </dd>
                </div>
              )}
              {current.absorbedAmount && current.absorbedAmount.amount > 0 && (
                <div>
                  <dt>{t("substitute.absorbed")}</dt>
                  <dd className="numeric" data-testid="substitute-absorbed">
                    {format.money(current.absorbedAmount)}
                  </dd>
                </div>
              )}
              {current.resultingStatus && (
                <div>
                  <dt>{t("resolve.resultingStatus")}</dt>
                  <dd data-testid="substitute-resulting-status">
                    <StatusBadge kind="order" status={current.resultingStatus} />
                  </dd>
                </div>
              )}
            </dl>
          )}
        </section>
      )}

      {refunding && <RefundDestinationField destination={destination} testIdPrefix="substitute-" />}

      {errors.length > 0 && (
        <div className="alert alert--danger" role="alert" data-testid="substitute-error">
          {errors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}

      {line && sku && current && !refused && (
        <>
          <p className="muted">{t("substitute.offerHint")}</p>
          <div className="resolve-form__actions">
            <button type="button" className="button" disabled={!ready || offered} onClick={() => void offerToCustomer()} data-testid="substitute-offer">
              {offered ? t("substitute.alreadyOffered") : t("substitute.offer")}
            </button>
            <button type="button" className="button button--primary" disabled={!ready} onClick={() => void substituteNow()} data-testid="substitute-now">
              {substituting.loading ? t("resolve.submitting") : t("substitute.substituteNow")}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
