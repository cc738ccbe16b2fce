import { z } from 'zod';

/** Bin edges (counts.length + 1 of them) and counts: what a histogram chart draws. */
export const histogramSchema = z.object({ edges: z.array(z.number()), counts: z.array(z.number()) }).strict();
export type HistogramData = z.infer<typeof histogramSchema>;

/** Points of an empirical CDF, thinned for drawing. */
export const cdfSchema = z.array(z.object({ x: z.number(), p: z.number() }).strict());
