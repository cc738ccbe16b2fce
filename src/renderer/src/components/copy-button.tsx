import { useEffect, useState } from 'react';

/** How long "Copied" shows before the button returns to its icon. */
const CONFIRM_MS = 1500;

/**
 * Copies a value (an id, a number) to the clipboard, says "Copied" for a moment (a tick where
 * space is tight: `compact`), and says why when the clipboard refuses (a page without permission).
 */
export function CopyButton({ value, what, compact }: { value: string; what: string; compact?: boolean }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState('idle'), CONFIRM_MS);
    return () => clearTimeout(t);
  }, [state]);
  const copy = (): void => {
    navigator.clipboard.writeText(value).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };
  return (
    <button
      type="button"
      className="btn ghost icon copy-button"
      onClick={copy}
      aria-label={`Copy ${what}`}
      title={state === 'failed' ? 'The clipboard refused: select the text and copy it' : `Copy ${what}`}
      data-testid="copy-button"
    >
      <span aria-live="polite">
        {state === 'copied'
          ? compact
            ? '✓'
            : 'Copied'
          : state === 'failed'
            ? compact
              ? '✗'
              : 'Not copied'
            : '⧉'}
      </span>
    </button>
  );
}
