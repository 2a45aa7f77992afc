import { useId, useRef, useState, type FormEvent } from "react";
import {
  SubmitRefundDetailsDocument,
  type BankAccountType,
  type PixKeyType,
  type RefundRequestFieldsFragment,
  type SubmitRefundDetailsInput,
} from "../../../generated/public";
import { request } from "../../shared/api";
import { useI18n } from "../../shared/i18n";
import { maskAccount, maskBranch, maskCpf, maskCpfOrCnpj, PIX_MASKS } from "../../../shared/masks";
import { isFieldName, lockedByMismatch, userErrorMessage, type FieldName, type Message, type UserError } from "../user-errors";
import { BankCombobox, type Bank } from "./BankCombobox";
import { TextField } from "./TextField";

export type Destination = { kind: "PIX" } | { kind: "BANK"; bankName: string };
/** Why the link itself refused the details: the page shows that link's state instead of the form. */
export type LinkRefusal = "NOT_FOUND" | "LINK_EXPIRED" | "LINK_LOCKED" | "LINK_USED";

type Props = {
  token: string;
  onDone(refund: RefundRequestFieldsFragment, destination: Destination): void;
  onRefused(reason: LinkRefusal): void;
};

const PIX_TYPES: PixKeyType[] = ["CPF", "EMAIL", "PHONE", "RANDOM", "CNPJ"];
const ACCOUNT_TYPES: BankAccountType[] = ["CHECKING", "SAVINGS", "PAYMENT"];
const LINK_REFUSALS = new Set<string>(["NOT_FOUND", "LINK_EXPIRED", "LINK_LOCKED", "LINK_USED"]);

const PIX_INPUT: Record<PixKeyType, { inputMode: "numeric" | "email" | "tel" | "text"; autoComplete?: string; type?: "email" }> = {
  CPF: { inputMode: "numeric" },
  CNPJ: { inputMode: "numeric" },
  EMAIL: { inputMode: "email", autoComplete: "email", type: "email" },
  PHONE: { inputMode: "tel", autoComplete: "tel-national" },
  RANDOM: { inputMode: "text" },
};

/**
 * The customer's CPF, then a PIX key or a bank account. Everything typed stays while the page is
 * open, whatever the server answers: a key per PIX type, the bank fields beside it. The server
 * decides what is valid; here only empty fields are caught before sending.
 */
export function RefundForm({ token, onDone, onRefused }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const ids = useId();
  const [cpf, setCpf] = useState("");
  const [destination, setDestination] = useState<"PIX" | "BANK">("PIX");
  const [pixType, setPixType] = useState<PixKeyType>("CPF");
  const [pixKeys, setPixKeys] = useState<Record<PixKeyType, string>>({ CPF: "", CNPJ: "", EMAIL: "", PHONE: "", RANDOM: "" });
  const [bank, setBank] = useState<{ bank: Bank | null; text: string }>({ bank: null, text: "" });
  const [branch, setBranch] = useState("");
  const [account, setAccount] = useState("");
  const [accountType, setAccountType] = useState<BankAccountType>("CHECKING");
  const [holderName, setHolderName] = useState("");
  const [holderDocument, setHolderDocument] = useState("");
  // Errors are kept as the server's userErrors (or our own REQUIRED ones) and put into words when
  // shown, so switching the language translates them too.
  const [errors, setErrors] = useState<UserError[]>([]);
  const [failure, setFailure] = useState<"network" | "unknown" | null>(null);
  const [sending, setSending] = useState(false);
  const inputs = useRef<Partial<Record<FieldName, HTMLElement | null>>>({});
  const register = (field: FieldName) => (element: HTMLElement | null) => {
    inputs.current[field] = element;
  };

  const fieldError = (field: FieldName): Message | undefined => {
    const error = errors.find((e) => e.field === field || (field === "pix.key" && e.field === "pix.keyType"));
    return error && userErrorMessage(error, i18n);
  };
  const formErrors = errors.filter((e) => !isFieldName(e.field)).map((e) => userErrorMessage(e, i18n));
  const hasFieldErrors = errors.some((e) => isFieldName(e.field));

  const showErrors = (found: UserError[]) => {
    setErrors(found);
    const first = found.find((e) => isFieldName(e.field));
    if (first) inputs.current[first.field === "pix.keyType" ? "pix.key" : (first.field as FieldName)]?.focus();
  };

  /** A field's value changed: its error no longer applies. */
  const edited =
    <T,>(field: FieldName, set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setErrors((current) => (current.some((e) => e.field === field) ? current.filter((e) => e.field !== field) : current));
    };

  const required = (field: FieldName, value: string): UserError[] => (value.trim() ? [] : [{ field, code: "REQUIRED", message: "Required." }]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (sending) return;
    setFailure(null);
    const pixKey = pixKeys[pixType];
    const missing = [
      ...required("cpf", cpf),
      ...(destination === "PIX"
        ? required("pix.key", pixKey)
        : [
            ...required("bankAccount.bankCode", bank.bank?.code ?? ""),
            ...required("bankAccount.branch", branch),
            ...required("bankAccount.account", account),
            ...required("bankAccount.holderName", holderName),
            ...required("bankAccount.holderDocument", holderDocument),
          ]),
    ];
    if (missing.length) return showErrors(missing);

    const input: SubmitRefundDetailsInput = {
      token,
      cpf,
      ...(destination === "PIX"
        ? { pix: { keyType: pixType, key: pixKey.trim() } }
        : { bankAccount: { bankCode: bank.bank!.code, branch, account, accountType, holderName: holderName.trim(), holderDocument } }),
    };
    setSending(true);
    const outcome = await request(SubmitRefundDetailsDocument, { input });
    setSending(false);
    if (outcome.kind === "network") return setFailure("network");
    if (outcome.kind === "errors") {
      const throttled = outcome.errors.find((e) => e.extensions?.code === "THROTTLED");
      if (throttled) {
        const wait = throttled.extensions?.retryAfterSeconds;
        return showErrors([{ field: null, code: "THROTTLED", message: throttled.message, retryAfterSeconds: typeof wait === "number" ? wait : null }]);
      }
      return setFailure("unknown");
    }
    const { refundRequest, attemptsLeft, retryAfterSeconds } = outcome.data.submitRefundDetails;
    const userErrors: UserError[] = outcome.data.submitRefundDetails.userErrors.map((e) =>
      e.code === "CPF_MISMATCH" ? { ...e, attemptsLeft } : e.code === "THROTTLED" ? { ...e, retryAfterSeconds } : e,
    );
    if (userErrors.length === 0 && refundRequest) {
      return onDone(refundRequest, destination === "PIX" ? { kind: "PIX" } : { kind: "BANK", bankName: bank.bank!.name });
    }
    const refusal = userErrors.find((e) => e.field === "token" && LINK_REFUSALS.has(e.code));
    if (refusal) return onRefused(refusal.code as LinkRefusal);
    if (userErrors.some(lockedByMismatch)) return onRefused("LINK_LOCKED");
    showErrors(userErrors.length ? userErrors : [{ field: null, code: "REQUIRED", message: "The details were refused." }]);
  }

  const pixMask = PIX_MASKS[pixType];
  const pixInput = PIX_INPUT[pixType];

  return (
    <form className="form" noValidate onSubmit={submit} aria-busy={sending} data-testid="refund-form">
      <p className="form__required">{t("form.required")}</p>
      <TextField
        label={t("cpf.label")}
        hint={t("cpf.hint")}
        error={fieldError("cpf")}
        value={cpf}
        onChange={edited("cpf", setCpf)}
        mask={maskCpf}
        inputMode="numeric"
        testId="refund-cpf"
        inputRef={register("cpf")}
      />

      <fieldset className="choices">
        <legend className="field__label">{t("destination.legend")}</legend>
        <div className="choices__options choices__options--cards">
          {(["PIX", "BANK"] as const).map((kind) => (
            <label key={kind} className="choice choice--card">
              <input
                type="radio"
                name={`${ids}-destination`}
                value={kind}
                checked={destination === kind}
                onChange={() => setDestination(kind)}
                data-testid={`refund-destination-${kind}`}
              />
              <span className="choice__text">
                <span className="choice__label">{t(`destination.${kind}`)}</span>
                <span className="choice__hint">{t(`destination.${kind}.hint`)}</span>
              </span>
            </label>
          ))}
        </div>
      </fieldset>

      {destination === "PIX" ? (
        <div className="group" data-testid="refund-pix">
          <div className="field">
            <label className="field__label" htmlFor={`${ids}-pix-type`}>
              {t("pix.keyType")}
            </label>
            <select id={`${ids}-pix-type`} className="field__input" value={pixType} onChange={(event) => edited("pix.key", setPixType)(event.target.value as PixKeyType)} data-testid="refund-pix-type">
              {PIX_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`pix.keyType.${type}`)}
                </option>
              ))}
            </select>
          </div>
          <TextField
            key={pixType}
            label={t("pix.key")}
            hint={t(`pix.key.hint.${pixType}`)}
            error={fieldError("pix.key")}
            value={pixKeys[pixType]}
            onChange={edited("pix.key", (value: string) => setPixKeys((keys) => ({ ...keys, [pixType]: value })))}
            mask={pixMask ?? undefined}
            type={pixInput.type}
            inputMode={pixInput.inputMode}
            autoComplete={pixInput.autoComplete}
            maxLength={pixType === "EMAIL" ? 77 : pixType === "RANDOM" ? 36 : undefined}
            testId="refund-pix-key"
            inputRef={register("pix.key")}
          />
        </div>
      ) : (
        <div className="group" data-testid="refund-bank-account">
          <BankCombobox bank={bank.bank} text={bank.text} onChange={edited("bankAccount.bankCode", setBank)} error={fieldError("bankAccount.bankCode")} inputRef={register("bankAccount.bankCode")} />
          <div className="field-row">
            <TextField
              label={t("branch.label")}
              hint={t("branch.hint")}
              error={fieldError("bankAccount.branch")}
              value={branch}
              onChange={edited("bankAccount.branch", setBranch)}
              mask={maskBranch}
              inputMode="numeric"
              testId="refund-branch"
              inputRef={register("bankAccount.branch")}
            />
            <TextField
              label={t("account.label")}
              hint={t("account.hint")}
              error={fieldError("bankAccount.account")}
              value={account}
              onChange={edited("bankAccount.account", setAccount)}
              mask={maskAccount}
              inputMode="numeric"
              testId="refund-account"
              inputRef={register("bankAccount.account")}
            />
          </div>
          <fieldset className="choices">
            <legend className="field__label">{t("accountType.legend")}</legend>
            <div className="choices__options">
              {ACCOUNT_TYPES.map((type) => (
                <label key={type} className="choice">
                  <input
                    type="radio"
                    name={`${ids}-account-type`}
                    value={type}
                    checked={accountType === type}
                    onChange={() => setAccountType(type)}
                    data-testid={`refund-account-type-${type}`}
                  />
                  <span className="choice__label">{t(`accountType.${type}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <TextField
            label={t("holderName.label")}
            error={fieldError("bankAccount.holderName")}
            value={holderName}
            onChange={edited("bankAccount.holderName", setHolderName)}
            autoComplete="name"
            autoCapitalize="words"
            maxLength={120}
            testId="refund-holder-name"
            inputRef={register("bankAccount.holderName")}
          />
          <TextField
            label={t("holderDocument.label")}
            error={fieldError("bankAccount.holderDocument")}
            value={holderDocument}
            onChange={edited("bankAccount.holderDocument", setHolderDocument)}
            mask={maskCpfOrCnpj}
            inputMode="numeric"
            testId="refund-holder-document"
            inputRef={register("bankAccount.holderDocument")}
          />
        </div>
      )}

      <div className="form__alert" role="alert" data-testid="refund-form-error">
        {failure ? (
          <p>{t(failure === "network" ? "error.network" : "error.unknown")}</p>
        ) : formErrors.length ? (
          formErrors.map((message, index) => (
            <p key={index} lang={message.lang}>
              {message.text}
            </p>
          ))
        ) : hasFieldErrors ? (
          <p>{t("error.fields")}</p>
        ) : null}
      </div>

      <button type="submit" className="button" disabled={sending} data-testid="refund-submit">
        {sending ? t("form.sending") : t("form.submit")}
      </button>
      <p className="form__privacy">{t("form.privacy")}</p>
    </form>
  );
}
