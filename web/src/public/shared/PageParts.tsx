import { useEffect, useRef, type ReactNode } from "react";
import { useI18n } from "./i18n";

/** The screen's one h1; focused when the screen replaced another after the visitor acted. */
export function Heading({ focus, testId, children }: { focus: boolean; testId: string; children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement | null>(null);
  useEffect(() => {
    if (focus) heading.current?.focus();
  }, [focus]);
  return (
    <h1 className="title" tabIndex={-1} ref={heading} data-testid={testId}>
      {children}
    </h1>
  );
}

/** A page that says where things stand (done, expired, not found...), with "Tentar de novo" when that may help. */
export function StatusPage({
  title,
  body,
  tone,
  focus,
  onRetry,
  children,
  testIdPrefix,
}: {
  title: string;
  body: string;
  tone: "success" | "problem";
  focus: boolean;
  onRetry?(): void;
  children?: ReactNode;
  /** `<prefix>-title`, `<prefix>-status-body`, `<prefix>-retry`. */
  testIdPrefix: string;
}) {
  const { t } = useI18n();
  return (
    <div className={`status status--${tone}`}>
      <Heading focus={focus} testId={`${testIdPrefix}-title`}>
        {title}
      </Heading>
      <p className="status__body" data-testid={`${testIdPrefix}-status-body`}>
        {body}
      </p>
      {children}
      {onRetry && (
        <button type="button" className="button" onClick={onRetry} data-testid={`${testIdPrefix}-retry`}>
          {t("retry")}
        </button>
      )}
    </div>
  );
}
