import { useState } from 'react';
import { formatCount, formatMs, formatRate, formatShare } from '../../../../shared/format';
import { ShowLineButton } from '../../components/full-line-dialog';
import { formatNaive } from '../../lib/format-time';
import { ExceptionText } from './exception-text';
import { type StepLane, type StreamLane, type TimelineModel, tickStep } from './timeline-model';

interface Scale {
  pct: (ms: number) => string;
}

function Ruler({ totalMs }: { totalMs: number }) {
  const step = tickStep(totalMs);
  const ticks: number[] = [];
  for (let t = 0; t <= totalMs + 1e-9 && ticks.length < 50; t += step) ticks.push(t);
  return (
    <div className="tl-row" style={{ background: 'var(--bg-panel)', position: 'sticky', top: 0, zIndex: 2 }}>
      <div className="tl-label muted" style={{ fontWeight: 600 }}>
        step · span · stream
      </div>
      <div className="tl-ruler">
        {ticks.map((t) => {
          const pct = (t / totalMs) * 100;
          // A label that would run past the right edge hangs to the left of its tick instead, and is
          // left out when it would then run into the label before it (a label is ~7% of the ruler).
          const hangs = pct > 92;
          if (hangs && t > 0 && (step / totalMs) * 100 < 14) return null;
          return (
            <span key={t} className={hangs ? 'tl-tick last' : 'tl-tick'} style={{ left: `${pct}%` }}>
              {t === 0 ? '0' : formatMs(t)}
            </span>
          );
        })}
      </div>
    </div>
  );
}

function streamTitle(s: StreamLane): string {
  const r = s.row;
  const lines = [
    `stream of step #${r.sequence_id} ${r.action ?? ''}${r.failed ? ' (failed)' : ''}`,
    `timing: ${r.timing_source}${r.timing_source === 'legacy' ? ' (derived from timestamps)' : ''}`,
    `TTFT ${formatMs(r.ttft_ms)}`,
    `generation ${formatMs(r.generation_ms)} · consumer ${formatMs(r.consumer_ms)} · share ${formatShare(r.gen_share)}`,
    `stream ${formatMs(r.stream_ms)} · ${formatCount(r.items)} items · ${formatRate(r.items_per_s)}`,
    `inter-item ${formatMs(r.inter_item_ms)} · legacy ms/item ${formatMs(r.legacy_ms_per_item)}`,
  ];
  return lines.join('\n');
}

function StreamRowView({ s, scale }: { s: StreamLane; scale: Scale }) {
  const r = s.row;
  const hooks = r.timing_source === 'hooks' && r.generation_ms !== null;
  return (
    <div className="tl-row" data-testid="timeline-stream" title={streamTitle(s)}>
      <div className="tl-label" style={{ paddingLeft: 26 }}>
        <span className="text">
          stream · {formatCount(r.items)} items
          {r.timing_source === 'legacy' ? (
            <span className="badge legacy" style={{ marginLeft: 6 }}>
              legacy
            </span>
          ) : null}
          {r.failed ? (
            <span className="failed-text" style={{ marginLeft: 6 }}>
              failed
            </span>
          ) : null}
        </span>
        <span className="dur">
          <span className="ttft" style={{ color: 'var(--ttft-text)' }}>
            TTFT {formatMs(r.ttft_ms)}
          </span>{' '}
          · {formatMs(r.stream_ms)}
        </span>
      </div>
      <div className="tl-track">
        {hooks ? (
          <>
            <div
              className="tl-bar gen"
              style={{ left: scale.pct(s.offsetMs), width: scale.pct(r.generation_ms ?? 0) }}
            />
            <div
              className="tl-bar consumer"
              style={{
                left: scale.pct(s.offsetMs + (r.generation_ms ?? 0)),
                width: scale.pct(r.consumer_ms ?? 0),
              }}
            />
          </>
        ) : (
          <div
            className="tl-bar legacy"
            style={{ left: scale.pct(s.offsetMs), width: scale.pct(r.stream_ms ?? 0) }}
          />
        )}
        {r.ttft_ms !== null ? (
          <div className="tl-marker" style={{ left: scale.pct(s.offsetMs + r.ttft_ms) }} />
        ) : null}
      </div>
    </div>
  );
}

function StepBlock({ lane, scale }: { lane: StepLane; scale: Scale }) {
  const { step } = lane;
  const [open, setOpen] = useState(step.failed);
  const hasDetail =
    step.failed || lane.attributes.length > 0 || step.beginRef !== null || step.endRef !== null;
  return (
    <div data-testid="timeline-step" data-failed={step.failed}>
      {/* biome-ignore lint/a11y: the twisty button is the keyboard path; the whole row is a larger mouse target */}
      <div
        className="tl-row step"
        onClick={() => hasDetail && setOpen(!open)}
        style={{ cursor: hasDetail ? 'pointer' : 'default' }}
        title={`step #${step.sequenceId} ${step.action ?? ''}\nstart ${formatNaive(step.start)} · end ${formatNaive(step.end)} (writer's local time)\nduration ${formatMs(lane.durationMs)}`}
      >
        <div className="tl-label">
          <button
            type="button"
            className="twisty"
            aria-expanded={open}
            aria-label={open ? 'Hide step details' : 'Show step details'}
            style={{
              visibility: hasDetail ? 'visible' : 'hidden',
              background: 'none',
              border: 0,
              cursor: 'pointer',
              color: 'var(--text-faint)',
            }}
            onClick={(e) => {
              e.stopPropagation();
              setOpen(!open);
            }}
          >
            {open ? '▾' : '▸'}
          </button>
          <span className="faint" style={{ fontVariantNumeric: 'tabular-nums' }}>
            #{step.sequenceId}
          </span>
          <span className={step.failed ? 'text failed-text' : 'text'}>{step.action ?? '(no action)'}</span>
          {step.failed ? <span className="badge failed">failed</span> : null}
          <span className="dur">{formatMs(lane.durationMs)}</span>
        </div>
        <div className="tl-track">
          <div
            className={step.failed ? 'tl-bar step failed' : 'tl-bar step'}
            style={{ left: scale.pct(lane.offsetMs), width: scale.pct(lane.durationMs ?? 0) }}
          />
        </div>
      </div>
      {lane.spans.map((s) => (
        <div className="tl-row" key={s.span.spanId} data-testid="timeline-span">
          <div className="tl-label" style={{ paddingLeft: 26 + s.depth * 14, fontWeight: 400 }}>
            <span className="text">{s.span.name ?? s.span.spanId}</span>
            <span className="dur">{formatMs(s.span.durationMs)}</span>
          </div>
          <div className="tl-track">
            {s.offsetMs !== null ? (
              <div
                className="tl-bar span"
                style={{ left: scale.pct(s.offsetMs), width: scale.pct(s.span.durationMs ?? 0) }}
                title={`${s.span.name ?? s.span.spanId}: ${formatMs(s.span.durationMs)}, starts ${formatMs(s.span.startOffsetMs)} into the step`}
              />
            ) : null}
          </div>
        </div>
      ))}
      {lane.streams.map((s) => (
        <StreamRowView key={s.row.stream_id} s={s} scale={scale} />
      ))}
      {open ? (
        <div className="tl-detail" data-testid="step-detail">
          {step.failed && step.exception ? (
            <ExceptionText text={step.exception} />
          ) : step.failed ? (
            <div className="failed-text">The step failed without an exception text.</div>
          ) : null}
          {lane.attributes.length > 0 ? (
            <table className="table attr-table" style={{ margin: '4px 0', maxWidth: 900 }}>
              <tbody>
                {lane.attributes.map((a, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the same key can be logged twice; order is the log's
                  <tr key={`${a.key}:${i}`}>
                    <td>
                      {a.key}
                      {a.spanId ? <span className="faint"> @{a.spanId}</span> : null}
                    </td>
                    <td>
                      {a.value ?? <span className="faint">null</span>}
                      {a.cut ? (
                        <span className="faint"> … (cut; show the full line for all of it)</span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <div style={{ display: 'flex', gap: 6, marginTop: 4 }}>
            <ShowLineButton
              lineRef={step.beginRef}
              label="Show begin line"
              title={`Step #${step.sequenceId}: begin_entry`}
            />
            <ShowLineButton
              lineRef={step.endRef}
              label="Show end line"
              title={`Step #${step.sequenceId}: end_entry`}
            />
          </div>
        </div>
      ) : null}
    </div>
  );
}

export function RunTimeline({ model }: { model: TimelineModel }) {
  const scale: Scale = { pct: (ms) => `${Math.max(0, (ms / model.totalMs) * 100)}%` };
  return (
    <div className="timeline" data-testid="run-timeline">
      <Ruler totalMs={model.totalMs} />
      {model.lanes.map((lane) => (
        <StepBlock key={lane.step.sequenceId} lane={lane} scale={scale} />
      ))}
    </div>
  );
}
