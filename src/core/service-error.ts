/** A user-facing error: hosts show its message as is. */
export class ServiceError extends Error {}
