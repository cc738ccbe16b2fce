import { z } from 'zod';

/** Bin edges (counts.length + 1 of them) and counts: what a histogram chart draws. */
export const histogramSchema = z.object({ edges: z.array(z.number()), counts: z.array(z.number()) }).strict();
export type HistogramData = z.infer<typeof histogramSchema>;

/** Points of an empirical CDF (`p`: the fraction of values <= x). */
export const cdfSchema = z.array(z.object({ x: z.number(), p: z.number() }).strict());
export type CdfData = z.infer<typeof cdfSchema>;
