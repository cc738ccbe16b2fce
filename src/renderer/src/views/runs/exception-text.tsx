/**
 * A failed step's exception: the last line (Python's `ValueError: …`, what went wrong) is shown
 * first, where it is seen without scrolling; the whole traceback opens below it on demand.
 */
export function ExceptionText({ text }: { text: string }) {
  const lines = text.split('\n');
  const last = lastMeaningfulLine(lines);
  return (
    <div className="exception-block">
      <div className="exception-summary mono" data-testid="step-exception-summary" title={last}>
        {last}
      </div>
      {lines.length > 1 ? (
        <details>
          <summary>Traceback ({lines.length} lines)</summary>
          <pre className="exception mono" data-testid="step-exception">
            {text}
          </pre>
        </details>
      ) : (
        <pre className="exception mono" data-testid="step-exception" hidden>
          {text}
        </pre>
      )}
    </div>
  );
}

/** The last line with text in it: a traceback ends with the exception's type and message. */
export function lastMeaningfulLine(lines: readonly string[]): string {
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = (lines[i] ?? '').trim();
    if (line !== '') return line;
  }
  return '(empty exception text)';
}
