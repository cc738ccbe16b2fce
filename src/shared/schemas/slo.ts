import { z } from 'zod';
import { sloSchema } from '../slo';

/** A project's latency SLOs, kept in the library (slo:get / slo:set). */

const projectName = z.string().min(1).max(1000);

export const sloGetRequestSchema = z.strictObject({ project: projectName });
/** `slo: null` clears the project's SLOs. */
export const sloSetRequestSchema = z.strictObject({ project: projectName, slo: sloSchema.nullable() });
export const projectSloSchema = z.strictObject({ slo: sloSchema.nullable() });
