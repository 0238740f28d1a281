/** Escaping for the text formats the reporters write. Every user-controlled string goes through one of these. */

/** Code points XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const XML_ILLEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function stripXmlIllegal(text: string): string {
  return text.replace(XML_ILLEGAL, '');
}

/** Text content of an XML element. `>` is escaped too, so `]]>` cannot appear. */
export function xmlText(text: string): string {
  return stripXmlIllegal(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes; whitespace is kept as character references so it survives normalisation. */
export function xmlAttr(text: string): string {
  return xmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

/** HTML text and attribute values alike (the HTML report quotes every attribute with `"`). */
export function htmlEscape(text: string): string {
  return stripXmlIllegal(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Inline markdown (GitHub-flavoured), safe inside a table cell. Every ASCII punctuation character that
 * markdown, GFM autolinks, @-mentions or #-references react to is backslash-escaped (CommonMark allows a
 * backslash before any ASCII punctuation), and line breaks collapse to spaces so a cell stays one row.
 */
export function markdownInline(text: string): string {
  return (
    stripXmlIllegal(text)
      .replace(/[\r\n]+/g, ' ')
      // C1 controls and bidi overrides are legal XML but act in a terminal that shows the file: made visible.
      .replace(C1_AND_BIDI, visibleEscape)
      .replace(/[\\`*_{}[\]()#+\-.!|<>~&@:="'$%^]/g, (c) => `\\${c}`)
  );
}

/**
 * C0 and C1 controls, DEL, and the Unicode bidirectional overrides and isolates. In a terminal the first
 * can erase lines, move the cursor, set the window title or hide text; the last reorder what is shown.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One value of a human-readable report, shown as written in the input but inert: every unsafe
 * character becomes a visible escape (`\x1b`, `\u202e`), and a line break cannot start a fake line.
 */
export function terminalText(text: string): string {
  return text.replace(TERMINAL_UNSAFE, visibleEscape);
}

const C1_AND_BIDI = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function visibleEscape(c: string): string {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
}
