import type { ComponentChildren } from 'preact';
import { CrashNotice } from './crash-notice.js';
import { Notice } from './notice.js';

const MAIN_ID = 'main';

/** The page's main landmark: the target of the skip link, the notices, and a page that fails to render says so. */
export function MainContent({ children }: { children: ComponentChildren }) {
  return (
    <main id={MAIN_ID} tabIndex={-1}>
      <Notice />
      <CrashNotice>{children}</CrashNotice>
    </main>
  );
}

/** After a change of view, keyboard and screen-reader users start at the new content, as after a page load. */
export function focusMain(): void {
  document.getElementById(MAIN_ID)?.focus({ preventScroll: false });
}
