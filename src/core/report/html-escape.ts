/*
 * Escaping for the HTML report, which embeds strings from logs (app ids, actions, partition keys,
 * filter values) in text, attributes and inline SVG. One function for all of them: escaping the
 * five significant characters is safe in element text and in double- or single-quoted attributes,
 * and the HTML parser treats inline SVG <title>/<text> the same way.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being replaced
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Text safe in HTML/SVG element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  // Control characters are not allowed in HTML text; a visible replacement shows something was there.
  return text.replace(CONTROL, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
