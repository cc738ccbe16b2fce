import type { ReactNode } from 'react';

interface ErrorPanelProps {
  /** What failed, e.g. "Could not load the dashboard". */
  title: string;
  message: string;
  onRetry?: () => void;
  /** Other ways out, e.g. back to a list. */
  actions?: ReactNode;
  testId?: string;
}

/** An error with what to do about it; the host's message says what went wrong. */
export function ErrorPanel({ title, message, onRetry, actions, testId = 'error-panel' }: ErrorPanelProps) {
  return (
    <div className="error-box" role="alert" data-testid={testId}>
      <h3>{title}</h3>
      <p>{message}</p>
      <div style={{ display: 'flex', gap: 6 }}>
        {actions}
        {onRetry ? (
          <button type="button" className="btn small" onClick={onRetry}>
            Retry
          </button>
        ) : null}
      </div>
    </div>
  );
}
