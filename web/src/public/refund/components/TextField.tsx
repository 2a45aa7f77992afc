import { useId, useLayoutEffect, useRef, type HTMLAttributes, type ReactNode } from "react";
import { isTyped } from "../../../shared/masks";
import type { Message } from "../user-errors";

type Props = {
  label: string;
  hint?: string;
  error?: Message;
  value: string;
  onChange(value: string): void;
  /** Reformats what was typed ("52998" -> "529.98"); the caret stays after the same typed character. */
  mask?: (value: string) => string;
  type?: "text" | "email";
  inputMode?: HTMLAttributes<HTMLInputElement>["inputMode"];
  autoComplete?: string;
  /** Off unless given (keys, numbers and e-mails are not sentences); "words" for a name. */
  autoCapitalize?: "off" | "words";
  maxLength?: number;
  testId: string;
  /** Lets the form focus the first field with an error. */
  inputRef?: (element: HTMLInputElement | null) => void;
  children?: ReactNode;
};

/** Where the caret goes in `masked` so that `typed` typed characters are before it. */
function caretAfter(masked: string, typed: number): number {
  if (typed === 0) return 0;
  let seen = 0;
  for (let i = 0; i < masked.length; i++) {
    if (isTyped(masked[i]!) && ++seen === typed) return i + 1;
  }
  return masked.length;
}

/** A labelled input with its hint and error tied to it (aria-describedby, aria-invalid). */
export function TextField({ label, hint, error, value, onChange, mask, type = "text", inputMode, autoComplete, autoCapitalize = "off", maxLength, testId, inputRef, children }: Props) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const input = useRef<HTMLInputElement | null>(null);
  const caret = useRef<number | null>(null);

  useLayoutEffect(() => {
    const element = input.current;
    if (caret.current !== null && element && document.activeElement === element) element.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });

  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      <input
        id={id}
        ref={(element) => {
          input.current = element;
          inputRef?.(element);
        }}
        className="field__input"
        type={type}
        value={value}
        inputMode={inputMode}
        autoComplete={autoComplete}
        autoCapitalize={autoCapitalize}
        spellCheck={autoCapitalize === "words" ? undefined : false}
        maxLength={maxLength}
        required
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        data-testid={testId}
        onChange={(event) => {
          const raw = event.target.value;
          if (!mask) return onChange(raw);
          const at = event.target.selectionStart ?? raw.length;
          const typedBefore = [...raw.slice(0, at)].filter(isTyped).length;
          const masked = mask(raw);
          caret.current = caretAfter(masked, typedBefore);
          onChange(masked);
        }}
      />
      {children}
      {error && (
        <p className="field__error" id={errorId} lang={error.lang} data-testid={`${testId}-error`}>
          {error.text}
        </p>
      )}
    </div>
  );
}
