import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Dialog } from "../../../app/ui/Dialog";
import { Field } from "../../../app/ui/Field";
import { ShareLink } from "../../../app/ui/ShareLink";
import { type ApiScope, useCreateApiKeyMutation } from "../../../generated/graphql";
import { API_SCOPES } from "../scopes";

/**
 * "Criar chave de API": a name and the scopes (each with a line saying what it allows); once
 * created, the secret is shown here, this once, with a copy button.
 */
export function CreateApiKeyDialog({ open, onClose, onCreated }: { open: boolean; onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const [create, { loading }] = useCreateApiKeyMutation();
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [nameError, setNameError] = useState<string | undefined>();
  const [scopesError, setScopesError] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);

  function close() {
    // The secret leaves memory with the dialog: it cannot be shown again.
    setSecret(null);
    setName("");
    setScopes([]);
    setNameError(undefined);
    setScopesError(undefined);
    setFailure(null);
    onClose();
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const missingName = name.trim() ? undefined : t("apiKeys.nameRequired");
    const missingScopes = scopes.length ? undefined : t("apiKeys.scopesRequired");
    setNameError(missingName);
    setScopesError(missingScopes);
    if (missingName || missingScopes) return;
    try {
      const { data } = await create({ variables: { input: { name: name.trim(), scopes } } });
      const result = data?.createApiKey;
      const refused = result?.userErrors[0];
      if (refused) {
        if (refused.field === "name") setNameError(t("apiKeys.nameRequired"));
        else if (refused.field === "scopes") setScopesError(t("apiKeys.scopesRequired"));
        else setFailure(refused.message);
        return;
      }
      setFailure(null);
      setSecret(result?.secret ?? null);
      onCreated();
    } catch {
      setFailure(t("accountLinks.failed"));
    }
  }

  const toggle = (scope: ApiScope, on: boolean) => setScopes((current) => (on ? [...current, scope] : current.filter((s) => s !== scope)));

  return (
    <Dialog title={secret ? t("apiKeys.createdTitle") : t("apiKeys.createTitle")} open={open} onClose={close} testId="api-key-dialog">
      {secret ? (
        <div className="form-stack api-keys__secret">
          <p className="alert alert--warning" role="alert" data-testid="api-key-once">
            {t("apiKeys.secretOnce")}
          </p>
          <ShareLink link={secret} label={t("apiKeys.secretLabel")} note={t("apiKeys.secretHowTo")} texts={{ copy: t("apiKeys.copy"), copied: t("apiKeys.copied") }} testId="api-key-secret" />
          <button type="button" className="button button--primary" onClick={close} data-testid="api-key-done">
            {t("apiKeys.done")}
          </button>
        </div>
      ) : (
        <form className="form-stack" onSubmit={submit} noValidate>
          <Field label={t("apiKeys.name")} hint={t("apiKeys.nameHint")} error={nameError} testId="api-key-name">
            {(control) => <input {...control} className="input" maxLength={80} value={name} onChange={(event) => setName(event.target.value)} data-autofocus data-testid="api-key-name" />}
          </Field>
          <fieldset className="api-keys__scopes" aria-describedby={scopesError ? "api-key-scopes-error" : undefined} data-testid="api-key-scopes">
            <legend className="field__label">{t("apiKeys.scopes")}</legend>
            {API_SCOPES.map(({ scope, name: scopeName }) => (
              <label key={scope} className="api-keys__scope">
                <input type="checkbox" checked={scopes.includes(scope)} onChange={(event) => toggle(scope, event.target.checked)} data-testid={`api-key-scope-${scope}`} />
                <span>
                  <code>{scopeName}</code> <span className="muted">{t(`apiKeys.scopeHelp.${scope}`)}</span>
                </span>
              </label>
            ))}
            {scopesError && (
              <p className="field__error" id="api-key-scopes-error" data-testid="api-key-scopes-error">
                {scopesError}
              </p>
            )}
          </fieldset>
          {failure && <p role="alert">{failure}</p>}
          <button type="submit" className="button button--primary" disabled={loading} data-testid="api-key-submit">
            {t("apiKeys.createSubmit")}
          </button>
        </form>
      )}
    </Dialog>
  );
}
