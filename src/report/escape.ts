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
  return stripXmlIllegal(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&@:="'$%^]/g, (c) => `\\${c}`);
}
