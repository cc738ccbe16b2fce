/*
 * Escaping of log-derived text for GitHub-flavoured Markdown, where reports get pasted into PRs.
 * A log string must render as the same literal text and must not end a table cell, start a link,
 * an emphasis, raw HTML, math or strike-through, or notify a GitHub user.
 */

/**
 * Punctuation that GFM gives meaning inside a line; each gets a backslash escape. ( ) ! need none
 * because [ is escaped (no link can start), and # + - only matter at the start of a line, where
 * log text never stands. $ is escaped for GitHub math.
 */
const SPECIAL = /[\\`*_[\]<>|~&$]/g;
// Control characters other than tab and line breaks: invisible, and some renderers choke on them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Text safe inside a Markdown paragraph or table cell: specials backslash-escaped, line breaks as
 * `<br>` (a table row must stay on one line), and a zero-width space after "@" so "@name" in a
 * log string does not mention anyone.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(CONTROL, '\uFFFD')
    .replace(SPECIAL, '\\$&')
    .replace(/@/g, '@\u200B')
    .replace(/\r\n|\r|\n/g, '<br>');
}
