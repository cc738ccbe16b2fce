import type { ReactNode } from 'react';

interface EmptyStateProps {
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  compact?: boolean;
  testId?: string;
}

/** An empty panel that says what to do next, never a blank area. */
export function EmptyState({ title, children, actions, compact, testId }: EmptyStateProps) {
  return (
    <div className={compact ? 'empty compact' : 'empty'} data-testid={testId ?? 'empty-state'}>
      <h2>{title}</h2>
      {children ? <p>{children}</p> : null}
      {actions ? <div className="actions">{actions}</div> : null}
    </div>
  );
}
