import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useApi, useHost } from '../api/api-context';
import { errorText } from '../api/error-text';
import { EMPTY_S3_FORM, type S3FormValues, s3Location, s3Request, splitS3Address } from '../lib/s3-form';
import { ErrorPanel } from './error-panel';
import { Modal } from './modal';

interface AddS3DialogProps {
  onClose: () => void;
  /** The bucket answered and is now a source; its first sync is `jobId` (empty: already queued). */
  onAdded: (added: { sourceId: number; jobId: string }) => void;
}

const FORM_ID = 'add-s3-form';

/**
 * Adds a bucket written by Burr's S3TrackingClient. The host lists it once before adding it, so a
 * typo, missing credentials or an unreachable endpoint is answered here, in the dialog. Credentials
 * are never asked for: the host uses the AWS chain of the machine it runs on.
 */
export function AddS3Dialog({ onClose, onAdded }: AddS3DialogProps) {
  const api = useApi();
  const host = useHost();
  const [v, setV] = useState<S3FormValues>(EMPTY_S3_FORM);
  const [checking, setChecking] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useRef(0);
  const errorRef = useRef<HTMLDivElement>(null);
  // In a short window the dialog scrolls: bring the answer into view, next to the buttons.
  useEffect(() => {
    if (error !== null) errorRef.current?.scrollIntoView({ block: 'nearest' });
  }, [error]);
  const set = (patch: Partial<S3FormValues>): void => setV((old) => ({ ...old, ...patch }));
  const bucket = v.bucket.trim();
  const hasEndpoint = v.endpoint.trim() !== '';
  const machine =
    host === 'electron' ? 'this computer' : 'the machine running Stream Lens (stream-lens serve)';

  const submit = async (e?: FormEvent): Promise<void> => {
    e?.preventDefault();
    if (!bucket || checking !== null) return;
    const id = ++run.current;
    setChecking(s3Location(v));
    setError(null);
    try {
      const added = await api['sources:add-s3'](s3Request(v));
      // Added even when the dialog was cancelled meanwhile: the source exists now, so follow its sync.
      onAdded(added);
    } catch (err) {
      if (id === run.current) setError(errorText(err));
    } finally {
      if (id === run.current) setChecking(null);
    }
  };

  return (
    <Modal
      title="Add an S3 bucket of Burr tracker logs"
      onClose={onClose}
      testId="add-s3-dialog"
      footer={
        <>
          {checking !== null ? (
            <span
              className="foot-status"
              role="status"
              title={`Listing ${checking} once before adding it`}
              data-testid="add-s3-checking"
            >
              <span className="spinner" aria-hidden="true" />
              <span className="ellipsis">
                Checking <span className="mono">{checking}</span>…
              </span>
            </span>
          ) : null}
          <button type="button" className="btn" onClick={onClose} data-testid="add-s3-cancel">
            Cancel
          </button>
          <button
            type="submit"
            form={FORM_ID}
            className="btn primary"
            disabled={!bucket || checking !== null}
            title={bucket ? 'List the bucket once, add it, then sync it' : 'Enter the bucket name first'}
            data-testid="add-s3-submit"
          >
            {checking !== null ? 'Checking…' : 'Add and sync'}
          </button>
        </>
      }
    >
      <form id={FORM_ID} onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-row">
          <label htmlFor="s3-bucket">Bucket</label>
          <input
            id="s3-bucket"
            className="input mono"
            placeholder="my-burr-logs"
            value={v.bucket}
            onChange={(e) => {
              // `s3://bucket/prefix` (as `aws s3 ls` prints it) fills both fields.
              const address = splitS3Address(e.target.value);
              if (address)
                set({ bucket: address.bucket, ...(address.prefix ? { prefix: address.prefix } : {}) });
              else set({ bucket: e.target.value });
            }}
            readOnly={checking !== null}
            required
            aria-required="true"
            aria-describedby="s3-bucket-hint"
            data-testid="add-s3-bucket"
            spellCheck={false}
            autoComplete="off"
          />
          <span className="hint" id="s3-bucket-hint">
            The bucket Burr's <code>S3TrackingClient</code> writes to. Pasting <code>s3://bucket/prefix</code>{' '}
            fills in both fields.
          </span>
        </div>
        <div className="form-row">
          <label htmlFor="s3-prefix">Prefix</label>
          <input
            id="s3-prefix"
            className="input mono"
            placeholder="data/"
            value={v.prefix}
            onChange={(e) => set({ prefix: e.target.value })}
            readOnly={checking !== null}
            aria-describedby="s3-prefix-hint"
            data-testid="add-s3-prefix"
            spellCheck={false}
            autoComplete="off"
          />
          <span className="hint" id="s3-prefix-hint">
            The folder that holds the project folders: <code>data/</code> for the S3 tracker, or{' '}
            <code>data/my-project/</code> for one project.
          </span>
        </div>
        <div className="form-grid">
          <div className="form-row">
            <label htmlFor="s3-region">
              Region <span className="optional">optional</span>
            </label>
            <input
              id="s3-region"
              className="input mono"
              placeholder="us-east-1"
              value={v.region}
              onChange={(e) => set({ region: e.target.value })}
              readOnly={checking !== null}
              aria-describedby="s3-region-hint"
              data-testid="add-s3-region"
              spellCheck={false}
              autoComplete="off"
            />
            <span className="hint" id="s3-region-hint">
              Empty: <code>AWS_REGION</code>, else us-east-1.
            </span>
          </div>
          <div className="form-row">
            <label htmlFor="s3-profile">
              AWS profile <span className="optional">optional</span>
            </label>
            <input
              id="s3-profile"
              className="input mono"
              placeholder="default"
              value={v.profile}
              onChange={(e) => set({ profile: e.target.value })}
              readOnly={checking !== null}
              aria-describedby="s3-profile-hint"
              data-testid="add-s3-profile"
              spellCheck={false}
              autoComplete="off"
            />
            <span className="hint" id="s3-profile-hint">
              A profile of <code>~/.aws/config</code> (SSO too).
            </span>
          </div>
        </div>
        <div className="form-row">
          <label htmlFor="s3-endpoint">
            Custom endpoint <span className="optional">optional</span>
          </label>
          <input
            id="s3-endpoint"
            className="input mono"
            type="url"
            placeholder="http://localhost:9000"
            value={v.endpoint}
            onChange={(e) => set({ endpoint: e.target.value })}
            readOnly={checking !== null}
            aria-describedby="s3-endpoint-hint"
            data-testid="add-s3-endpoint"
            spellCheck={false}
            autoComplete="off"
          />
          <span className="hint" id="s3-endpoint-hint">
            Only for S3-compatible stores (MinIO, Ceph, Cloudflare R2…); leave empty for AWS S3.
          </span>
          <label className="check" title={hasEndpoint ? undefined : 'Only used with a custom endpoint'}>
            <input
              type="checkbox"
              checked={hasEndpoint && v.pathStyle}
              disabled={!hasEndpoint || checking !== null}
              onChange={(e) => set({ pathStyle: e.target.checked })}
              data-testid="add-s3-path-style"
            />
            <span>
              Path-style requests (<code>endpoint/bucket/key</code>): most S3-compatible stores need them
            </span>
          </label>
        </div>
        <p className="note" data-testid="add-s3-credentials-note">
          <strong>Credentials</strong> come from the AWS environment of {machine}:{' '}
          <code>AWS_ACCESS_KEY_ID</code> and <code>AWS_SECRET_ACCESS_KEY</code>, a profile in{' '}
          <code>~/.aws</code>, or SSO (<code>aws sso login</code>). They are never typed here and never
          stored. Stream Lens only lists and reads the bucket, and syncs it again every 5 minutes.
        </p>
      </form>
      <div ref={errorRef}>
        {error ? <ErrorPanel title="Could not add the bucket" message={error} testId="add-s3-error" /> : null}
      </div>
    </Modal>
  );
}
