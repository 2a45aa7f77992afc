import { useEffect, useId, useRef, useState } from "react";
import { BanksDocument, type BanksQuery } from "../../../generated/public";
import { request } from "../../shared/api";
import { useI18n } from "../../shared/i18n";
import type { Message } from "../user-errors";

export type Bank = BanksQuery["banks"][number];

type Props = {
  /** The bank chosen from the list, or null while none is. */
  bank: Bank | null;
  /** What is in the box (kept by the form, so an error never loses it). */
  text: string;
  onChange(change: { bank: Bank | null; text: string }): void;
  error?: Message;
  inputRef?: (element: HTMLInputElement | null) => void;
};

const SEARCH_DELAY_MS = 200;
export const bankLabel = (bank: Bank) => `${bank.code} · ${bank.name}`;

/**
 * The bank, searched by name or code on the server (`banks(search)`): an ARIA 1.2 combobox with a
 * list of options (arrows move, Enter or a tap chooses, Escape closes; the active option is
 * aria-activedescendant), and a polite live region that says how many banks were found.
 */
export function BankCombobox({ bank, text, onChange, error, inputRef }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<Bank[]>([]);
  const [status, setStatus] = useState<"idle" | "loading" | "done" | "failed">("idle");
  const [active, setActive] = useState(-1);
  const list = useRef<HTMLUListElement | null>(null);
  // A chosen bank lists itself (its code); otherwise what is typed is the search.
  const search = bank ? bank.code : text.trim();

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setStatus("loading");
      request(BanksDocument, { search }, controller.signal)
        .then((outcome) => {
          if (outcome.kind === "data") {
            setOptions(outcome.data.banks);
            setStatus("done");
          } else setStatus("failed");
          setActive(-1);
        })
        .catch(() => {
          // aborted: a newer search replaces this one
        });
    }, SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search, open]);

  useEffect(() => {
    if (active >= 0) list.current?.children[active]?.scrollIntoView({ block: "nearest" });
  }, [active]);

  const choose = (chosen: Bank) => {
    onChange({ bank: chosen, text: bankLabel(chosen) });
    setOpen(false);
  };

  const shown = open && status === "done" && options.length > 0;
  const announcement =
    !open || status === "idle" ? "" : status === "loading" ? t("bank.searching") : status === "failed" ? t("bank.failed") : options.length ? i18n.plural("bank.results", options.length) : t("bank.none");

  return (
    <div className="field combobox">
      <label className="field__label" htmlFor={id}>
        {t("bank.label")}
      </label>
      <p className="field__hint" id={hintId}>
        {t("bank.hint")}
      </p>
      <input
        id={id}
        ref={inputRef}
        className="field__input"
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={listId}
        aria-activedescendant={shown && active >= 0 ? `${id}-option-${active}` : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${hintId} ${errorId}` : hintId}
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        required
        value={text}
        data-testid="refund-bank"
        data-bank-code={bank?.code}
        onChange={(event) => {
          onChange({ bank: null, text: event.target.value });
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onClick={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            if (!shown) return setOpen(true);
            const step = event.key === "ArrowDown" ? 1 : -1;
            setActive((current) => (current + step + options.length) % options.length);
          } else if (event.key === "Enter" && shown && active >= 0) {
            event.preventDefault(); // choosing a bank is not sending the form
            choose(options[active]!);
          } else if (event.key === "Escape" && open) {
            event.preventDefault();
            setOpen(false);
          }
        }}
      />
      <ul id={listId} ref={list} role="listbox" aria-label={t("bank.label")} className="combobox__list" hidden={!shown}>
        {options.map((option, index) => (
          <li
            key={option.code}
            id={`${id}-option-${index}`}
            role="option"
            aria-selected={index === active}
            className="combobox__option"
            data-testid="refund-bank-option"
            data-code={option.code}
            // Keeps the focus in the box, so choosing does not first close the list.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(option)}
          >
            <span className="combobox__code">{option.code}</span> {option.name}
          </li>
        ))}
      </ul>
      <p className="combobox__status" aria-live="polite" data-testid="refund-bank-status">
        {shown ? <span className="visually-hidden">{announcement}</span> : announcement}
      </p>
      {error && (
        <p className="field__error" id={errorId} lang={error.lang} data-testid="refund-bank-error">
          {error.text}
        </p>
      )}
    </div>
  );
}
