import axe from "axe-core";
import type { AxeResults, NodeResult, Result } from "axe-core";
import type { Page } from "playwright-core";
import { databaseKinds, DatabaseKind } from "./databases";

/** The team standard: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Why axe may leave a text's contrast undecided that comes from the page's own design, not from the
 * moment (a toast or a sticky header over it): text over a background gradient or image is never
 * checked at all, so a page styled that way "passes" without its contrast being looked at.
 */
const UNCHECKABLE_CONTRAST = new Set(["bgGradient", "bgImage"]);

/**
 * Runs axe-core on the page as it is now (open dialogs included) and fails with one readable line
 * per offending element when any WCAG A/AA rule is violated, or when the contrast of some text
 * cannot be checked because of the page's background (see UNCHECKABLE_CONTRAST).
 *
 * axe-core's source (1.5 MB) is evaluated once per document, not on every check, and `axe.run`
 * returns full details only for violations and undecided results: the checks cost a fraction of
 * what @axe-core/playwright's legacy mode did (two evaluations of the source per check). The app
 * has no iframes, so running in the top document sees everything.
 */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(axe.source);
  const results = await page.evaluate(
    (tags) => (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations", "incomplete"] }),
    WCAG_TAGS,
  ) as AxeResults;
  const unchecked = results.incomplete
    .filter((result) => result.id === "color-contrast")
    .map((result) => ({ ...result, nodes: result.nodes.filter(hidesContrast) }))
    .filter((result) => result.nodes.length > 0)
    .map((result) => ({ ...result, id: "color-contrast (unchecked)", help: "The background hides this text's contrast from the check: give it a plain background colour" }));
  const failures = [...results.violations, ...unchecked];
  if (failures.length === 0) return;
  throw new Error(`axe: ${label} (${page.url()}) fails ${failures.length} WCAG A/AA rule(s):\n${describeViolations(failures)}`);
}

function hidesContrast(node: NodeResult): boolean {
  return node.any.some((check) => UNCHECKABLE_CONTRAST.has((check.data as { messageKey?: string } | null)?.messageKey ?? ""));
}

/** One block per rule: id, impact, what it asks, then each element's selector and what is wrong. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes.map((node) => {
        const summary = (node.failureSummary ?? "").replace(/\s*\n\s*/g, " ").trim();
        return `    - ${node.target.map(String).join(" > ")}: ${summary}`;
      });
      return `  ${violation.id} [${violation.impact ?? "?"}] ${violation.help} (${violation.helpUrl})\n${nodes.join("\n")}`;
    })
    .join("\n");
}

/**
 * For a browser walk that runs once per database: the pages' markup does not depend on the
 * database, so the accessibility checks run in the first database's walk and are skipped in the
 * others (each check costs about half a second of browser time).
 */
export function accessibilityCheckFor(kind: DatabaseKind): typeof expectNoAxeViolations {
  return kind === databaseKinds()[0] ? expectNoAxeViolations : async () => undefined;
}
