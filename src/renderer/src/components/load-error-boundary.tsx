import { Component, type ReactNode } from 'react';
import { ErrorPanel } from './error-panel';

interface Props {
  /** What is shown here, for the title: "the Streams view", "this chart". */
  what: string;
  /** A class for the box the error is shown in ("view": a view's margins). */
  className?: string;
  children: ReactNode;
}

/**
 * Around what loads in a chunk of its own (the views, the charts): a chunk that cannot be fetched
 * (the app was built again since the page opened, as `serve` does when the sources change, or the
 * host went away) or a part that fails to draw shows what happened and a way out, in its place,
 * instead of React unmounting the whole window. The way out is a reload: React keeps a lazy
 * component's failed load, so drawing it again here would only fail again.
 */
export class LoadErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  // Another part shown here (the views share one boundary): its own error, if any, is its own.
  override componentDidUpdate(previous: Props): void {
    if (previous.what !== this.props.what && this.state.error !== null) this.setState({ error: null });
  }

  override render() {
    const { error } = this.state;
    if (error === null) return this.props.children;
    return (
      <div className={this.props.className}>
        <ErrorPanel
          title={`Could not show ${this.props.what}`}
          message={`${error.message}. Reloading the page loads the app as it is now; the data is kept.`}
          actions={
            <button type="button" className="btn small" onClick={() => window.location.reload()}>
              Reload
            </button>
          }
          testId="load-error"
        />
      </div>
    );
  }
}
