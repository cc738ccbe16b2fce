import type { MethodName, ParsedRequestOf, ResponseOf } from '../../shared/contract';

/** One function per contract method: requests arrive already validated by the host's binding. */
export type Handlers = { [M in MethodName]: (request: ParsedRequestOf<M>) => Promise<ResponseOf<M>> };

/** The handlers one domain module owns. */
export type HandlersOf<M extends MethodName> = Pick<Handlers, M>;
