interface ErrorPanelProps {
  /** What failed, e.g. "Could not load the dashboard". */
  title: string;
  message: string;
  onRetry?: () => void;
}

/** An error with what to do about it; the host's message says what went wrong. */
export function ErrorPanel({ title, message, onRetry }: ErrorPanelProps) {
  return (
    <div className="error-box" role="alert" data-testid="error-panel">
      <h3>{title}</h3>
      <p>{message}</p>
      {onRetry ? (
        <button type="button" className="btn small" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}
