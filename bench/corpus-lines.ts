/**
 * Builders for Burr tracker lines, byte-compatible with the real fixtures in
 * test/fixtures/burr-logs (Burr 0.40.2). Lines are assembled with template
 * strings rather than JSON.stringify: the key order must match Burr's exactly,
 * and the generator has to produce hundreds of MB per second.
 *
 * Every string argument named `...Json` must already be a JSON value
 * (quoted and escaped); timestamps are passed in as already formatted text.
 */

// Date#toISOString is the costliest part of a small line; events come in bursts within the
// same second, so a few cached "YYYY-MM-DDTHH:MM:SS" prefixes (UTC and local clock) save most calls.
const ISO_CACHE_SECONDS = new Float64Array(8).fill(Number.NaN);
const ISO_CACHE_TEXT: string[] = new Array(8).fill('');

function isoSeconds(seconds: number): string {
  // Adding the hour count spreads clocks that are whole hours apart over different slots.
  const slot = (seconds + Math.floor(seconds / 3600)) & 7;
  if (ISO_CACHE_SECONDS[slot] === seconds) return ISO_CACHE_TEXT[slot] as string;
  const text = new Date(seconds * 1000).toISOString().slice(0, 19);
  ISO_CACHE_SECONDS[slot] = seconds;
  ISO_CACHE_TEXT[slot] = text;
  return text;
}

/**
 * ISO 8601 with microseconds, from integer microseconds since the epoch.
 * Mirrors Python/pydantic: the fraction is omitted when it is exactly zero,
 * a real (rare) shape that importers must accept.
 */
export function isoMicros(micros: number, utc: boolean): string {
  const seconds = Math.floor(micros / 1_000_000);
  const frac = micros - seconds * 1_000_000;
  const base = isoSeconds(seconds);
  const fraction = frac === 0 ? '' : `.${String(frac).padStart(6, '0')}`;
  return utc ? `${base}${fraction}Z` : `${base}${fraction}`;
}

/** S3 tracker time folder parts: `YYYY/MM/DD/HH/MM:SS.ffffff` (strftime %f: always 6 digits). */
export function s3TimeFolder(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  const frac = micros - seconds * 1_000_000;
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 4)}/${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(11, 13)}/${iso.slice(14, 16)}:${iso.slice(17, 19)}.${String(frac).padStart(6, '0')}`;
}

/** Python float repr for the ms fields (`300.0`, not JS's `300`), rounded to ns like Burr's. */
export function pyFloat(value: number): string {
  const rounded = Math.round(value * 1e6) / 1e6;
  return Number.isInteger(rounded) ? `${rounded}.0` : String(rounded);
}

export function beginEntry(startTime: string, action: string, inputsJson: string, seq: number): string {
  return `{"type":"begin_entry","start_time":"${startTime}","action":"${action}","inputs":${inputsJson},"sequence_id":${seq}}`;
}

export function endEntry(
  endTime: string,
  action: string,
  resultJson: string,
  exceptionJson: string,
  stateJson: string,
  seq: number,
): string {
  return `${endEntryHead(endTime, action, resultJson, exceptionJson)}${stateJson}${endEntryTail(seq)}`;
}

/** end_entry up to and including `"state":`; lets a caller write a large state without copying it. */
export function endEntryHead(
  endTime: string,
  action: string,
  resultJson: string,
  exceptionJson: string,
): string {
  return `{"type":"end_entry","end_time":"${endTime}","action":"${action}","result":${resultJson},"exception":${exceptionJson},"state":`;
}

export function endEntryTail(seq: number): string {
  return `,"sequence_id":${seq}}`;
}

export function beginSpan(
  startTime: string,
  seq: number,
  spanId: string,
  spanName: string,
  parentSpanIdJson: string,
): string {
  return `{"type":"begin_span","start_time":"${startTime}","action_sequence_id":${seq},"span_id":"${spanId}","span_name":"${spanName}","parent_span_id":${parentSpanIdJson},"span_dependencies":[]}`;
}

export function endSpan(endTime: string, seq: number, spanId: string): string {
  return `{"type":"end_span","end_time":"${endTime}","action_sequence_id":${seq},"span_id":"${spanId}"}`;
}

export function attribute(
  key: string,
  seq: number,
  spanId: string,
  valueJson: string,
  timeLogged: string,
): string {
  return `{"type":"attribute","key":"${key}","action_sequence_id":${seq},"span_id":"${spanId}","value":${valueJson},"tags":{},"time_logged":"${timeLogged}"}`;
}

export function beginStream(seq: number, streamInitTime: string): string {
  return `{"type":"begin_stream","action_sequence_id":${seq},"span_id":null,"stream_init_time":"${streamInitTime}"}`;
}

export function firstItemStream(seq: number, firstItemTime: string): string {
  return `{"type":"first_item_stream","action_sequence_id":${seq},"span_id":null,"first_item_time":"${firstItemTime}"}`;
}

/** `timing` null = a legacy tracker (fields absent); a field null = the hook never fired. */
export interface StreamTiming {
  generationMs: number | null;
  consumerMs: number | null;
  firstItemMs: number | null;
}

export function endStream(seq: number, endTime: string, items: number, timing: StreamTiming | null): string {
  const head = `{"type":"end_stream","action_sequence_id":${seq},"span_id":null,"end_time":"${endTime}","items_streamed":${items}`;
  if (timing === null) return `${head}}`;
  const f = (v: number | null) => (v === null ? 'null' : pyFloat(v));
  return `${head},"generation_time_ms":${f(timing.generationMs)},"consumer_time_ms":${f(timing.consumerMs)},"first_item_time_ms":${f(timing.firstItemMs)}}`;
}

/**
 * Python's json.dumps with default separators (`", "`, `": "`): the local tracker
 * writes graph.json/metadata.json that way, while the S3 tracker writes them compact.
 */
export function pythonJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const parts = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`);
  return `{${parts.join(', ')}}`;
}

export function metadataDocument(partitionKey: string | null): Record<string, unknown> {
  return {
    type: 'application_metadata',
    partition_key: partitionKey,
    parent_pointer: null,
    spawning_parent_pointer: null,
  };
}

const CHATBOT_GRAPH = {
  type: 'application',
  entrypoint: 'prompt',
  actions: [
    {
      type: 'action',
      name: 'prompt',
      reads: [],
      writes: ['chat_history', 'prompt'],
      code: '    @action(reads=[], writes=["chat_history", "prompt"])\n    def prompt(state: State, prompt: str):\n        item = {"role": "user", "content": prompt, "type": "text"}\n        return {"chat_item": item}, state.append(chat_history=item).update(prompt=prompt)\n',
      inputs: [],
      optional_inputs: ['prompt'],
    },
    {
      type: 'action',
      name: 'retrieve',
      reads: ['prompt'],
      writes: ['context'],
      code: '    @action(reads=["prompt"], writes=["context"])\n    def retrieve(state: State, __tracer):\n        with __tracer("embed_query") as t:\n            time.sleep(rng.uniform(0.001, 0.004))\n            t.log_attributes(embedding_model="embed-small", dims=384)\n        with __tracer("vector_search") as t:\n            time.sleep(rng.uniform(0.002, 0.008))\n            docs = [f"doc-{rng.randint(1, 500)}" for _ in range(3)]\n            t.log_attributes(top_k=3, hits=docs)\n        return {"context": docs}, state.update(context=docs)\n',
      inputs: [],
      optional_inputs: ['__tracer'],
    },
    {
      type: 'action',
      name: 'respond',
      reads: ['prompt', 'context'],
      writes: ['response', 'chat_history'],
      code: '    @streaming_action(reads=["prompt", "context"], writes=["response", "chat_history"])\n    def respond(state: State, max_tokens: int = 40):\n        gen = _respond(state, max_tokens)\n        yield from (timed(gen) if with_timing else gen)\n',
      inputs: ['max_tokens'],
      optional_inputs: [],
    },
  ],
  transitions: [
    { type: 'transition', from_: 'prompt', to: 'retrieve', condition: 'default' },
    { type: 'transition', from_: 'retrieve', to: 'respond', condition: 'default' },
    { type: 'transition', from_: 'respond', to: 'prompt', condition: 'default' },
  ],
};

const AGENT_GRAPH = {
  type: 'application',
  entrypoint: 'draft',
  actions: [
    {
      type: 'action',
      name: 'draft',
      reads: ['task'],
      writes: ['draft'],
      code: '    @streaming_action(reads=["task"], writes=["draft"])\n    async def draft(state: State):\n        gen = _draft(state)\n        async for item in atimed(gen) if with_timing else gen:\n            yield item\n',
      inputs: [],
      optional_inputs: [],
    },
    {
      type: 'action',
      name: 'review',
      reads: ['draft'],
      writes: ['task', 'n'],
      code: '    @action(reads=["draft"], writes=["task", "n"])\n    def review(state: State):\n        return {}, state.update(task=state["draft"][:20], n=state.get("n", 0) + 1)\n',
      inputs: [],
      optional_inputs: [],
    },
  ],
  transitions: [
    { type: 'transition', from_: 'draft', to: 'review', condition: 'default' },
    { type: 'transition', from_: 'review', to: 'draft', condition: 'default' },
  ],
};

export type AppKind = 'chatbot' | 'agent';

export function graphDocument(kind: AppKind): Record<string, unknown> {
  return kind === 'chatbot' ? CHATBOT_GRAPH : AGENT_GRAPH;
}

/**
 * Token vocabulary as JSON-escaped fragments (each token ends with a space, as in the
 * fixtures). Some tokens need escaping or are multi-byte UTF-8 (Burr writes raw UTF-8, see
 * the demo rag fixture), so decoders and parsers do real work. Characters beyond Latin-1
 * (CJK, arrows, emoji) appear only in "multilingual" apps: one such character turns every
 * string holding the chat history into a two-byte string, which is realistic for a minority.
 */
const PLAIN_WORDS = (
  'the a model stream token state action graph burr python latency context retrieval answer question ' +
  'user first quickly slowly because therefore however tracker application generator consumer throughput ' +
  'request response vector index embedding document summary result value function return error timeout ' +
  'cache of to and in is it for on with as this that we can will'
).split(' ');
const LATIN1_WORDS = ['vélo ', 'Élie ', 'naïve ', 'über ', 'café ', 'données ', 'señor ', 'größe '];
const WIDE_WORDS = ['日本語 ', '— ', '→ ', '数据 ', '🙂 ', 'Ωμέγα '];

const ALL_SPECIAL_WORDS = [...LATIN1_WORDS, ...WIDE_WORDS];
const PLAIN_FRAGMENTS = PLAIN_WORDS.map((w) => `${w} `);

export interface TokenSource {
  /** Random number in [0, 1). */
  next(): number;
}

/**
 * JSON string literal of `count` tokens: mostly plain words, ~3% newlines, ~2% non-ASCII
 * (wide characters only when `multilingual`), rare escaped quotes.
 */
export function tokenText(rng: TokenSource, count: number, multilingual = false): string {
  const special = multilingual ? ALL_SPECIAL_WORDS : LATIN1_WORDS;
  const parts: string[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const r = rng.next();
    if (r < 0.03) parts[i] = '\\n';
    else if (r < 0.05) parts[i] = special[Math.floor(rng.next() * special.length)] as string;
    else if (r < 0.053) parts[i] = '\\"quoted\\" ';
    else parts[i] = PLAIN_FRAGMENTS[Math.floor(rng.next() * PLAIN_FRAGMENTS.length)] as string;
  }
  return `"${parts.join('')}"`;
}

/** Unescaped plain text (agent drafts are sliced to 20 chars, so they must stay plain). */
export function plainText(rng: TokenSource, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += PLAIN_FRAGMENTS[Math.floor(rng.next() * PLAIN_FRAGMENTS.length)];
  return out;
}

/** A user prompt as a JSON string literal, like the fixtures' "quickly action ... first?". */
export function promptText(rng: TokenSource, words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i++)
    parts.push(PLAIN_WORDS[Math.floor(rng.next() * PLAIN_WORDS.length)] as string);
  return `"${parts.join(' ')}?"`;
}

/** The traceback Burr stores in end_entry.exception when a streaming action raises. */
export function streamTraceback(kind: AppKind, model: string, itemsSoFar: number, variant: number): string {
  const frames =
    kind === 'chatbot'
      ? [
          '  File "/srv/app/burr/core/action.py", line 878, in gen_fn\n    out = self.__next__()\n          ^^^^^^^^^^^^^^^\n',
          '  File "/srv/app/burr/core/action.py", line 868, in __next__\n    result, state = self.streaming_result_generator.__next__()\n                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n',
          '  File "/srv/app/burr/core/application.py", line 324, in _run_single_step_streaming_action\n    for item in generator:\n',
          '  File "/srv/app/burr/core/action.py", line 1115, in _stream_run_and_update\n    yield from self._fn(state, **self._bound_params, **run_kwargs)\n',
          '  File "/srv/app/chatbot.py", line 206, in respond\n    yield from (timed(gen) if with_timing else gen)\n',
          '  File "/srv/app/chatbot.py", line 194, in _respond\n    for tok in llm.tokens(n):\n',
        ]
      : [
          '  File "/srv/app/burr/core/application.py", line 412, in _arun_single_step_streaming_action\n    async for item in generator:\n',
          '  File "/srv/app/burr/core/action.py", line 1160, in _astream_run_and_update\n    async for item in self._fn(state, **self._bound_params, **run_kwargs):\n',
          '  File "/srv/app/agent.py", line 88, in draft\n    async for item in atimed(gen) if with_timing else gen:\n',
          '  File "/srv/app/agent.py", line 61, in _draft\n    async for tok in llm.atokens(n):\n',
        ];
  const errors = [
    `RuntimeError: ${model}: upstream connection reset after ${itemsSoFar} tokens`,
    `TimeoutError: ${model}: no token within 30.0s (received ${itemsSoFar})`,
    `openai.APIStatusError: Error code: 529 - {'type': 'error', 'error': {'type': 'overloaded_error', 'message': 'Overloaded'}}`,
  ];
  const error = errors[variant % errors.length];
  return JSON.stringify(`Traceback (most recent call last):\n${frames.join('')}${error}\n`);
}
