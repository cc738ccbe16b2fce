import { formatCount } from '../../../shared/format';

/** The count of problems (quarantined lines + file errors); nothing when there are none. */
export function ProblemBadge({ count, testId }: { count: number; testId?: string }) {
  if (count <= 0) return null;
  return (
    <span
      className="badge problem"
      title={`${formatCount(count)} problem${count === 1 ? '' : 's'}`}
      data-testid={testId}
    >
      {formatCount(count)}
    </span>
  );
}
